import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDesktopBackend, type DesktopBackend } from './services/desktop-backend.js';
import { FileTokenStore } from './sync/token-store.js';
import { startWebBridge, type WebBridge } from './web-bridge.js';
import { describeError } from './log/file-logger.js';

/**
 * Browser mode: the app without Electron. `npm start` runs this when the Electron binary is missing
 * or cannot run (scripts/start.mjs); `node out/main/bridge-main.js` runs it directly. The same
 * backend as the window (src-main/services/desktop-backend.ts) behind the web bridge on 127.0.0.1,
 * serving the built renderer; it prints the address with its per-run token and runs until Ctrl+C.
 * Differences from the window: no native file dialogs (the screens ask for a path), the sign-in kept
 * in sync-token.json in the data folder (owner-only, as the CLI keeps it) instead of safeStorage, the
 * system proxy from HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
 *
 *   node out/main/bridge-main.js [--data <folder>] [--port <n>] [--static <out/renderer>]
 */
export const DEFAULT_BRIDGE_PORT = 8721;

export function defaultDataDir(): string {
  return path.join(os.homedir(), '.zfbm-desktop', 'data');
}

interface BridgeArgs {
  dataDir: string;
  port: number;
  staticDir: string;
}

function option(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    if (a === `--${name}`) return argv[i + 1];
  }
  return undefined;
}

/** The built renderer: out/renderer beside out/main (the bundle), or under the repository (from source). */
function defaultStaticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', 'renderer'), path.resolve(here, '..', 'out', 'renderer')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[0]!;
}

export function parseBridgeArgs(argv: readonly string[]): BridgeArgs {
  const port = option(argv, 'port');
  const n = port === undefined ? DEFAULT_BRIDGE_PORT : Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port 应为 0 到 65535 的整数，收到“${port}”。`);
  return {
    dataDir: path.resolve(option(argv, 'data') ?? defaultDataDir()),
    port: n,
    staticDir: path.resolve(option(argv, 'static') ?? defaultStaticDir()),
  };
}

async function listen(backend: DesktopBackend, args: BridgeArgs): Promise<WebBridge> {
  try {
    return await startWebBridge(backend.handlers, { port: args.port, staticDir: args.staticDir });
  } catch (e) {
    // The usual port is taken (another copy running): any free port will do.
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || args.port === 0) throw e;
    process.stderr.write(`端口 ${args.port} 已被占用，改用一个空闲端口。/ Port ${args.port} is in use; using a free one.\n`);
    return startWebBridge(backend.handlers, { port: 0, staticDir: args.staticDir });
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  let args: BridgeArgs;
  try {
    args = parseBridgeArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (!fs.existsSync(path.join(args.staticDir, 'index.html'))) {
    process.stderr.write(`找不到界面文件 ${path.join(args.staticDir, 'index.html')}：请先运行 npm run build:renderer。\n/ The renderer is not built: run npm run build:renderer first.\n`);
    process.exitCode = 2;
    return;
  }
  let backend: DesktopBackend;
  try {
    backend = openDesktopBackend({
      dataDir: args.dataDir,
      tokens: FileTokenStore.inDataDir(args.dataDir),
      log: (message, error) => process.stderr.write(`[${new Date().toISOString()}] ${message}\n${describeError(error).replace(/^/gm, '    ')}\n`),
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  const bridge = await listen(backend, args);
  process.stdout.write(
    [
      '执法人员报名助手已在浏览器模式下启动 / running in browser mode',
      '请在浏览器中打开这个地址（含访问令牌）/ open this address in a browser (it carries the access token):',
      `  ${bridge.url}/#token=${bridge.token}`,
      `数据文件夹 / data folder: ${args.dataDir}`,
      '按 Ctrl+C 退出 / press Ctrl+C to stop',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void bridge
      .close()
      .then(() => backend.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`${describeError(e)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main(process.argv.slice(2));
