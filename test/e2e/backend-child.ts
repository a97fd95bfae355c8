import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts one of the e2e start-*.ts scripts (a backend behind the web bridge, maybe a sync server)
 * as a child and waits for the one JSON line it prints: the address, the token and what it seeded.
 * Its stderr (its log) is passed on to ours and kept: `log()` answers all of it so far.
 */
export async function startBackendChild<T>(script: string, env: Record<string, string> = {}): Promise<{ info: T; stop: () => void; log: () => string }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    log += text;
    process.stderr.write(text);
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { info: JSON.parse(line) as T, stop: () => child.kill('SIGTERM'), log: () => log };
}
