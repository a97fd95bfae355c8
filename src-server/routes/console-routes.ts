import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { REPO_ROOT } from '../config.js';

/** Where `npm run build:console` puts the reviewer's console. */
export const DEFAULT_CONSOLE_DIR = path.join(REPO_ROOT, 'out', 'console');

/**
 * The page may load only its own scripts and styles, talk only to this server, and show photos and
 * evidence it fetched itself (blob: URLs, PDFs in a frame); nobody may frame the console.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function hardened(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>审核控制台未安装</title>
<body style="font-family:sans-serif;padding:40px"><h2>审核控制台的页面还没有生成</h2>
<p>请管理员在服务器程序目录运行 <code>npm run build:console</code>（部署时用 <code>npm run build:server</code>，会一并生成），然后重新启动服务器，再刷新本页。</p></body></html>`;

/**
 * The reviewer's console (issue 8): a single page served from `dir` at /console/, public like the
 * login route — the page itself holds nothing; every answer it shows comes from the API with the
 * reviewer's token. File names come from the URL only to pick a file under `dir`; @fastify/send
 * refuses anything that leaves it.
 */
export function registerConsoleRoutes(root: FastifyInstance, dir: string = DEFAULT_CONSOLE_DIR): void {
  root.register(async (app) => consoleRoutes(app, dir));
}

async function consoleRoutes(app: FastifyInstance, dir: string): Promise<void> {
  const built = fs.existsSync(path.join(dir, 'index.html'));
  await app.register(fastifyStatic, { root: built ? dir : REPO_ROOT, serve: false, decorateReply: true, index: false, dotfiles: 'deny' });
  const publicRoute = { config: { access: 'public' as const } };

  const page = (reply: FastifyReply) => {
    hardened(reply).header('cache-control', 'no-cache');
    if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.sendFile('index.html', { cacheControl: false });
  };
  app.get('/', publicRoute, (_request, reply) => reply.redirect('/console/'));
  app.get('/console', publicRoute, (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', publicRoute, (_request, reply) => page(reply));
  // Vite names every asset by its content hash: cache them for good.
  app.get<{ Params: { '*': string } }>('/console/assets/*', publicRoute, (request, reply) => {
    if (!built) return page(reply);
    return hardened(reply).sendFile(path.posix.join('assets', request.params['*']), { cacheControl: true, maxAge: '365d', immutable: true });
  });
}
