import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runAdmin } from '../../src-server/admin-cli.js';
import type { TestServer } from './server-helpers.js';

/**
 * A folder as electron-builder leaves it after `--win nsis`: the installer (random bytes standing in for
 * the .exe), its gzip-compressed .blockmap and latest.yml in electron-builder's own layout and quoting.
 */
export interface BuilderOutput {
  dir: string;
  version: string;
  installerName: string;
  installer: Buffer;
  blockmap: Buffer;
  sha512: string;
}

export function sha512Base64(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

export function latestYml(version: string, installerName: string, sha512: string, size: number): string {
  return (
    `version: ${version}\n` +
    `files:\n` +
    `  - url: ${installerName}\n` +
    `    sha512: ${sha512}\n` +
    `    size: ${size}\n` +
    `path: ${installerName}\n` +
    `sha512: ${sha512}\n` +
    `releaseDate: '2026-12-07T06:30:00.000Z'\n`
  );
}

export function builderOutput(root: string, version: string, opts: { installerName?: string; bytes?: number; blockmap?: boolean } = {}): BuilderOutput {
  const dir = fs.mkdtempSync(path.join(root, `dist-${version}-`));
  const installerName = opts.installerName ?? `zfbm-setup-${version}-x64.exe`;
  const installer = randomBytes(opts.bytes ?? 300_000);
  const blockmap = gzipSync(Buffer.from(JSON.stringify({ version: '2', files: [{ name: 'file', offset: 0, checksums: ['x'], sizes: [installer.length] }] })));
  const sha512 = sha512Base64(installer);
  fs.writeFileSync(path.join(dir, installerName), installer);
  if (opts.blockmap !== false) fs.writeFileSync(path.join(dir, `${installerName}.blockmap`), blockmap);
  fs.writeFileSync(path.join(dir, 'latest.yml'), latestYml(version, installerName, sha512, installer.length));
  return { dir, version, installerName, installer, blockmap, sha512 };
}

export interface AdminRun {
  code: number;
  out: string;
  err: string;
}

/** `server-admin <args>` in this process, against the test server's store and blob folder. */
export async function adminOn(ts: TestServer, ...args: string[]): Promise<AdminRun> {
  const out: string[] = [];
  const err: string[] = [];
  const where = ['--data', ts.config.dataDir, '--blob-dir', ts.config.blobDir, ...(ts.config.databaseUrl ? ['--database-url', ts.config.databaseUrl] : [])];
  const code = await runAdmin([...args, ...where], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A stable install id of the kind the desktop makes (a UUID), from a number. */
export function installId(n: number): string {
  const h = createHash('sha256').update(`pc-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
