import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendHost } from '../../../src-main/backend-worker/backend-host.js';
import { MemoryTokenStore } from '../../../src-main/sync/token-store.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { validRow, writeTemplate } from '../../helpers/template-workbook.js';

/**
 * What the installer carries (issue 16), packed by electron-builder itself: the project as
 * `npm run dist:win` sees it (package.json, the lock, electron-builder.yml, build/, resources/, the
 * main bundles and the renderer freshly built into out/), packed with `electron-builder --linux dir`
 * and a stand-in Electron, since no Electron can be downloaded here. Only three settings differ from
 * the real build, each because of that stand-in: electronDist (the stand-in), npmRebuild off (there is
 * no Electron to rebuild better-sqlite3 for, and the shared node_modules must stay built for Node) and
 * no fuses (the stand-in binary has none to flip). The file set, node_modules collection, asar and
 * asarUnpack are electron-builder's own. The packed app is then unpacked outside the repository and
 * its backend worker and sharp run from it, so nothing it needs at run time was left behind.
 *
 * A Windows installer packs the same, with @img/sharp-win32-x64 for the Linux sharp packages (and
 * better-sqlite3 rebuilt for Electron); the size it prints is the one README states.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { extractAll(archive: string, dest: string): void };

fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
const project = fs.mkdtempSync(path.join(REPO, 'out', 'test-packed-app-'));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));
// Outside the repository, so that Node cannot fall back on the repository's node_modules.
const outside = tempDir('zfbm-packed-app-');
const extracted = path.join(outside, 'app');

const PLATFORM = `${process.platform}-${process.arch}`;
/** Every package the installed app has in node_modules: the native modules and what they load. */
const SHIPPED_PACKAGES = [
  'better-sqlite3',
  'bindings', // better-sqlite3 finds its .node file with it
  'file-uri-to-path', // bindings' own dependency
  'sharp',
  '@img/colour',
  `@img/sharp-${PLATFORM}`,
  `@img/sharp-libvips-${PLATFORM}`,
  'detect-libc', // sharp picks its binary by the C library
  'semver', // sharp checks libvips' version
].sort();

let resourcesDir = '';
let files: string[] = [];
let asarBytes = 0;
let unpackedBytes = 0;

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** Copies a folder as hard links (fast, no extra space), keeping symlinks as symlinks. */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dest = path.join(to, e.name);
    if (e.isDirectory()) linkTree(src, dest);
    else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dest);
    else fs.linkSync(src, dest);
  }
}

const bytesOf = (dir: string): number => walk(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);

/** The package a node_modules path belongs to (the innermost one), or undefined outside node_modules. */
function packageOf(file: string): string | undefined {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const name = parts[at + 1]!;
  return name.startsWith('@') ? `${name}/${parts[at + 2]}` : name;
}

beforeAll(async () => {
  for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) fs.copyFileSync(path.join(REPO, f), path.join(project, f));
  for (const d of ['build', 'resources']) fs.cpSync(path.join(REPO, d), path.join(project, d), { recursive: true });
  // A tree of hard links, not a symlink to the repository's node_modules: through a symlink `npm list`
  // sees every package as a link out of the project and reports nothing as a dependency, unless it
  // happens to trust node_modules/.package-lock.json (only when that file is newer than every package
  // folder, as it was here but not on a fresh `npm ci`), and electron-builder then packs sharp and
  // better-sqlite3 without what they load.
  linkTree(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'));
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs'), '--outdir', path.join(project, 'out', 'main')], { cwd: REPO, stdio: 'ignore' });
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', path.join(project, 'out', 'renderer'), '--emptyOutDir', '--logLevel', 'error'], { cwd: REPO, stdio: 'ignore' });

  // The stand-in Electron: an executable and the locales electronLanguages prunes.
  const electronDist = path.join(project, 'electron-dist');
  fs.mkdirSync(path.join(electronDist, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(electronDist, 'resources'));
  fs.writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  for (const l of ['zh-CN', 'en-US', 'fr']) fs.writeFileSync(path.join(electronDist, 'locales', `${l}.pak`), '');

  const output = path.join(project, 'dist');
  const { build, Platform } = require('electron-builder') as typeof import('electron-builder');
  await build({
    projectDir: project,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { electronDist, npmRebuild: false, electronFuses: null, directories: { output } },
  });

  resourcesDir = path.join(output, 'linux-unpacked', 'resources');
  const archive = path.join(resourcesDir, 'app.asar');
  asarBytes = fs.statSync(archive).size;
  unpackedBytes = bytesOf(`${archive}.unpacked`);
  asar.extractAll(archive, extracted);
  files = walk(extracted).sort();
  const total = asarBytes + unpackedBytes;
  console.log(
    `packed app (${PLATFORM}): ${files.length} files, ${mb(total)} MB (app.asar ${mb(asarBytes)} MB + app.asar.unpacked ${mb(unpackedBytes)} MB); ` +
      `out/main ${mb(bytesOf(path.join(extracted, 'out', 'main')))} MB, out/renderer ${mb(bytesOf(path.join(extracted, 'out', 'renderer')))} MB, node_modules ${mb(bytesOf(path.join(extracted, 'node_modules')))} MB`,
  );
}, 600_000);

describe('the app electron-builder packs', () => {
  it('holds package.json, the main bundles, the renderer and node_modules, nothing else', () => {
    expect([...new Set(files.map((f) => f.split('/')[0]))].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const outFiles = files.filter((f) => f.startsWith('out/'));
    expect(outFiles.filter((f) => f.startsWith('out/main/'))).toEqual(
      ['backend-worker.js', 'backend-worker.js.map', 'main.js', 'main.js.map', 'package.json', 'preload.js', 'preload.js.map', 'rules-worker.js', 'rules-worker.js.map'].map((f) => `out/main/${f}`),
    );
    expect(outFiles).toContain('out/renderer/index.html');
    expect(outFiles.filter((f) => !f.startsWith('out/main/') && !f.startsWith('out/renderer/'))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(extracted, 'package.json'), 'utf8'))).toMatchObject({ main: 'out/main/main.js' });
  });

  it('carries in node_modules only the native modules and what they load: no server, renderer or bundled packages', () => {
    const packages = [...new Set(files.map(packageOf).filter((p): p is string => p !== undefined))].sort();
    expect(packages).toEqual(SHIPPED_PACKAGES);
    const forbidden = /(^|\/)(src-server|src-console|src-renderer|src-web|src-main|src-shared|src-node|test|tests|bench|scripts)\/|(^|\/)node_modules\/(fastify|@fastify|pino|react|react-dom|antd|@ant-design|zod|exceljs|axios|vite|electron)\/|\.tsx?$/;
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
  });

  it('ships what each shipped package requires (better-sqlite3 only uses prebuild-install when npm installs it)', () => {
    for (const name of SHIPPED_PACKAGES) {
      const manifest = JSON.parse(fs.readFileSync(path.join(extracted, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const needed = Object.keys(manifest.dependencies ?? {}).filter((d) => !(name === 'better-sqlite3' && d === 'prebuild-install'));
      for (const d of needed) expect(SHIPPED_PACKAGES, `${name} needs ${d}`).toContain(d);
    }
  });

  it('keeps native code outside app.asar and the code tables and photo specs beside it', () => {
    const unpacked = walk(path.join(resourcesDir, 'app.asar.unpacked'));
    expect(unpacked).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(unpacked.some((f) => f.startsWith(`node_modules/@img/sharp-${PLATFORM}/`) && f.endsWith('.node'))).toBe(true);
    expect(unpacked.some((f) => f.startsWith(`node_modules/@img/sharp-libvips-${PLATFORM}/lib/libvips`))).toBe(true);
    expect(fs.existsSync(path.join(resourcesDir, 'photo-specs.json'))).toBe(true);
    expect(fs.readdirSync(path.join(resourcesDir, 'code-tables')).length).toBeGreaterThan(0);
  });

  it('runs from what it carries: the backend worker opens a store, writes the template and imports it; sharp makes a JPEG', async () => {
    const data = path.join(outside, 'data');
    const host = new BackendHost({
      workerFile: path.join(extracted, 'out', 'main', 'backend-worker.js'),
      config: { dataDir: data, runOutbox: false },
      tokens: new MemoryTokenStore(),
      env: { ZFBM_RESOURCES: resourcesDir },
    });
    try {
      const template = path.join(outside, '模板.xlsx');
      expect(await host.call('template.write', { file: template })).toEqual({ ok: true, value: { file: template } });
      const filled = path.join(outside, '采集表.xlsx');
      await writeTemplate(filled, [validRow({ name: '冯一' })]);
      // The row is valid; the person only waits for a photo (counted as one to fix).
      expect(await host.call('import.file', { file: filled })).toMatchObject({ ok: true, value: { batch: { persons: 1, invalid: 1, noPhoto: 1 } } });
    } finally {
      await host.close();
    }
    const script = "require('sharp')({ create: { width: 4, height: 4, channels: 3, background: '#ffffff' } }).jpeg().toBuffer().then((b) => process.stdout.write(String(b[0])))";
    const first = execFileSync(process.execPath, ['-e', script], { cwd: extracted, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(first).toBe('255');
  });
});
