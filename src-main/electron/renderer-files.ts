import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-info.js';

/**
 * Which file of the built renderer (out/renderer) an app://zfbm/… address names, and its type; never
 * anything outside that folder, never another host or scheme, never a type we did not list. Plain
 * Node: app-protocol.ts serves what this returns.
 */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export function rendererFile(rootDir: string, requestUrl: string): { file: string; type: string } | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) return undefined;
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type) return undefined;
  try {
    if (!fs.statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return { file, type };
}
