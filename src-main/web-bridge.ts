import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DesktopHandlers } from './services/desktop-handlers.js';
import { CONTENT_SECURITY_POLICY as CSP } from './content-security-policy.js';

/**
 * The desktop-api over HTTP on 127.0.0.1, so the renderer runs in a plain browser against the real
 * main-process code: npm start's browser mode when Electron cannot start (bridge-main.ts) and the
 * Playwright tests' bridge. The Electron app never loads it (no import from src-main/electron;
 * test/unit/lint/no-test-hooks checks) and the installer leaves bridge-main.js out.
 * `POST /api/<method>` with a JSON body answers the method's Result; GET serves the built renderer
 * (out/renderer) when `staticDir` is given, the token then travels in the address (#token=…). Guarded like a local service
 * must be: bound to loopback, a random per-run token in `x-zfbm-token`, the Host header checked (DNS
 * rebinding) and any Origin required to be our own.
 */
export interface WebBridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A file of the built renderer, or undefined; never anything outside `dir`. */
function staticFile(dir: string, pathname: string): { file: string; type: string } | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(dir, `.${rel}`);
  if (!file.startsWith(path.resolve(dir) + path.sep)) return undefined;
  const type = CONTENT_TYPES[path.extname(file)];
  if (!type || !fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
  return { file, type };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const refuse = (res: http.ServerResponse, status: number, code: string, message: string) => send(res, status, { ok: false, error: { code, message } });

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebBridge(handlers: DesktopHandlers, opts: { port?: number; token?: string; staticDir?: string } = {}): Promise<WebBridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let hosts = new Set<string>();
  const server = http.createServer((req, res) => {
    if (!hosts.has(req.headers.host ?? '')) {
      return refuse(res, 403, 'forbidden', '请求的主机名不对，已拒绝。请用程序显示的地址打开。');
    }
    if (req.headers.origin !== undefined && !hosts.has(req.headers.origin.replace(/^http:\/\//, ''))) {
      return refuse(res, 403, 'forbidden', '不接受来自其他网页的请求。');
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (req.method === 'GET' && opts.staticDir) {
      const f = staticFile(opts.staticDir, url.pathname);
      if (f) {
        res.writeHead(200, { 'content-type': f.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
        fs.createReadStream(f.file).pipe(res);
        return;
      }
    }
    const m = /^\/api\/([a-zA-Z]+\.[a-zA-Z]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') return refuse(res, 404, 'not_found', '没有这个地址。');
    if (!sameToken(String(req.headers['x-zfbm-token'] ?? ''), token)) {
      return refuse(res, 401, 'unauthorized', '缺少或错误的访问令牌：请用程序启动时显示的完整地址打开。');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        refuse(res, 413, 'too_large', '请求内容太大。');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let input: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        input = text === '' ? undefined : JSON.parse(text);
      } catch {
        return refuse(res, 400, 'invalid_json', '请求内容不是有效的 JSON。');
      }
      handlers.handle(m[1]!, input).then(
        (result) => send(res, 200, result),
        () => refuse(res, 500, 'internal', '程序内部出错，这次操作没有完成。'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
