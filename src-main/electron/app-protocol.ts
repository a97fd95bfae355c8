import fs from 'node:fs';
import { protocol, type Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy.js';
import { APP_SCHEME } from './app-info.js';
import { rendererFile } from './renderer-files.js';

/**
 * The window's pages come from app://zfbm/, a scheme of our own, not from file:// (Electron security
 * checklist, item 18): a page there can read only the renderer's files, and each answer carries the
 * shared Content-Security-Policy.
 */

/** Before the app is ready: app:// behaves like https (standard URLs, a secure origin, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(target: Protocol, rootDir: string): void {
  target.handle(APP_SCHEME, async (request) => {
    const found = request.method === 'GET' ? rendererFile(rootDir, request.url) : undefined;
    if (!found) return new Response('没有这个文件。', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const body = await fs.promises.readFile(found.file);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': found.type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' },
    });
  });
}
