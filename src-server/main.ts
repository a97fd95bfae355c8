import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { isUserFacing } from '../src-shared/coded-error.js';
import { isMainModule } from './entry.js';
import { isLoopbackHost, readTlsFiles } from './tls.js';

/**
 * `npm run server -- [--port] [--host] [--data] …`: starts the sync server, prints where it listens,
 * and on SIGINT (Ctrl+C) or SIGTERM stops taking requests, finishes the ones in flight, closes the
 * store and exits 0. Exit 2 when the settings, the port or the data directory cannot be used (one
 * Chinese line on stderr), 1 on an internal fault.
 */

/** How long a shutdown may wait for requests in flight before the process gives up on them. */
const SHUTDOWN_GRACE_MS = 30_000;

function displayHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** For a server listening on every interface, the addresses other computers can reach it at. */
function lanUrls(host: string, port: number, scheme: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [];
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => `${scheme}://${i.address}:${port}`);
}

export async function startServer(config: ServerConfig): Promise<FastifyInstance> {
  const app = await buildServer(config);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await app.close().catch(() => undefined);
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new ConfigError(`端口 ${config.port} 已被其他程序占用（可能同步服务器已经在运行）。请先停止它，或用 --port 换一个端口。`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new ConfigError(`无法在地址 ${config.host} 上监听：这台电脑没有这个地址。请用 --host 改为 127.0.0.1（只允许本机）或 0.0.0.0（允许局域网）。`);
    }
    if (code === 'EACCES') {
      throw new ConfigError(`没有权限使用端口 ${config.port}（1024 以下的端口需要管理员权限）。请用 --port 换一个大于 1024 的端口，例如 8720。`);
    }
    throw e;
  }
  return app;
}

export async function main(argv: string[]): Promise<void> {
  const launcher = process.ppid;
  let app: FastifyInstance | undefined;
  let requested: string | null = null;
  let stopping = false;
  const stop = (why: string) => {
    // A second signal is common (Ctrl+C reaches both npm and us, and npm forwards it): not a reason to
    // drop requests in flight. The grace period below bounds the wait.
    if (stopping) return;
    if (!app) {
      requested = why; // still starting: stop as soon as we listen
      return;
    }
    stopping = true;
    const running = app;
    process.stdout.write(`${why}，正在停止：不再接收新请求，等待进行中的请求完成… (stopping)\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`等待 ${SHUTDOWN_GRACE_MS / 1000} 秒后仍有请求未完成，强制退出。\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    running.close().then(
      () => {
        clearTimeout(timer);
        process.stdout.write('同步服务器已停止。(stopped)\n');
        process.exitCode = 0;
      },
      (e: unknown) => {
        clearTimeout(timer);
        process.stderr.write(`停止时出错：${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
      },
    );
  };
  // Listening for signals before anything else: one that arrives while we start is not lost.
  process.on('SIGINT', () => stop('收到 SIGINT'));
  process.on('SIGTERM', () => stop('收到 SIGTERM'));

  // The store holds ID numbers and passwords' hashes: what the server creates (data folder, database,
  // files, backups) is not readable by other accounts on the machine.
  if (process.platform !== 'win32') process.umask(0o027);

  let config: ServerConfig;
  try {
    config = loadConfig(argv, process.env);
    app = await startServer(config);
  } catch (e) {
    // A setting or a data folder that cannot be used: the message says what to write or do instead.
    if (isUserFacing(e)) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`同步服务器启动失败（程序内部错误）：${e instanceof Error ? e.message : String(e)}。请把这条信息发给技术支持。\n`);
    process.exitCode = 1;
    return;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tls ? 'https' : 'http';
  const url = `${scheme}://${displayHost(config.host)}:${port}`;
  process.stdout.write(
    [
      `同步服务器已启动，地址：${url}`,
      `Sync server listening on ${url}`,
      ...lanUrls(config.host, port, scheme).map((u) => `局域网地址 (LAN)：${u}`),
      `数据文件夹 (data directory)：${config.dataDir}`,
      `数据库 (database)：${app.store.where}`,
      `文件存放文件夹 (blob folder)：${config.blobDir}`,
      ...tlsLines(config),
      `进程号 (PID)：${process.pid}。按 Ctrl+C 停止，或向该进程发送 SIGTERM (press Ctrl+C or send SIGTERM to stop)。`,
      '',
    ].join('\n'),
  );
  watchLauncher(launcher, () => stop('启动它的 npm 已退出'));
  if (requested !== null) stop(requested);
}

/** What the start message says about HTTPS; warnings go to stderr. */
function tlsLines(config: ServerConfig): string[] {
  if (!config.tls) {
    if (!isLoopbackHost(config.host)) {
      process.stderr.write(
        `警告：没有设置 TLS_CERT / TLS_KEY，服务器在 ${config.host} 上以 HTTP 明文监听，密码、登录凭据和报名资料在网络上不加密。请配置证书，或只监听 127.0.0.1 并放在 nginx 等 HTTPS 反向代理后面（见 src-server/README.md）。(warning: plain HTTP on a non-loopback address)\n`,
      );
    }
    return [];
  }
  const lines = [`HTTPS 证书 (certificate)：${config.tls.certFile}`];
  try {
    const { validTo, subject } = readTlsFiles(config.tls);
    lines.push(`证书主体 (subject)：${subject}，有效期至 (valid until)：${validTo.toISOString()}`);
    const days = (validTo.getTime() - Date.now()) / 86_400_000;
    if (days < 0) process.stderr.write(`警告：HTTPS 证书已于 ${validTo.toISOString()} 过期，报名助手和浏览器将拒绝连接。请尽快更换证书并重新启动服务器。\n`);
    else if (days < 30) process.stderr.write(`警告：HTTPS 证书将于 ${validTo.toISOString()} 过期（不到 30 天），请及时更换证书并重新启动服务器。\n`);
  } catch {
    // Read once already at start; a file replaced since then is noticed at the next start.
  }
  return lines;
}

/**
 * Under `npm run server`, npm starts a shell that starts us. A SIGTERM sent to npm alone kills the
 * shell without passing it on, which would leave this server running without anybody to stop it. So
 * when started by npm, notice the shell going away (we get another parent) and stop as if signalled.
 * `launcher` is our parent as it was when the process began: it may be gone before we listen.
 */
function watchLauncher(launcher: number, onGone: () => void): void {
  if (process.env.npm_lifecycle_event !== 'server') return;
  const gone = () => {
    if (process.ppid === launcher) return false;
    clearInterval(timer);
    onGone();
    return true;
  };
  const timer = setInterval(gone, 1000);
  timer.unref();
  gone();
}

if (isMainModule(import.meta.url)) void main(process.argv.slice(2));
