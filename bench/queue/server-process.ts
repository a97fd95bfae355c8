import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../lib/measure.js';

/**
 * The real sync server (src-server/main.ts, as `npm run server` starts it) as a child process on
 * 127.0.0.1, on a port the OS picks; resolves with its URL once it says it listens. `stop()` sends
 * SIGTERM and waits for it to finish what it is doing.
 */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src-server', 'main.ts'), '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`sync server exited ${code} before listening:\n${out}`));
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /Sync server listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes('\n', m.index)) {
        child.off('exit', onExit);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        resolve({
          url: m[1]!,
          pid: child.pid!,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}
