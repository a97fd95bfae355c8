import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, APP_TITLE } from '../../../src-main/electron/app-info.js';

/**
 * electron-builder.yml, read as electron-builder reads it: valid against electron-builder's own
 * schema, every installer option the issue asks for, the files that go into app.asar decided by
 * electron-builder's own file matcher (the built bundles and package.json, never sources, tests,
 * benchmarks or the server), and package.json's "main" pointing at what `npm run build:main` writes.
 * Building the installer needs Electron and NSIS downloads, which this machine cannot make; README
 * (构建 Windows 安装程序) says where it is built.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: unknown) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean };
};
const { minimatch } = require('minimatch') as { minimatch(p: string, pattern: string, opts?: { dot?: boolean }): boolean };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Config = Record<string, any>;
const config = yaml.load(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string; productName: string; scripts: Record<string, string>; dependencies: Record<string, string> };

/** Whether electron-builder's `files` patterns put this project file (relative path) into the app. */
function appFileIncluded(rel: string): boolean {
  const filter = new FileMatcher(REPO, REPO, (s) => s, config.files).createFilter();
  return filter(path.join(REPO, rel), { isDirectory: () => false });
}

/** The same for a file under node_modules: electron-builder applies only the negated patterns there. */
function moduleFileIncluded(rel: string): boolean {
  const negations = (config.files as unknown[]).filter((p): p is string => typeof p === 'string' && p.startsWith('!'));
  const filter = new FileMatcher(REPO, REPO, (s) => s, ['**/*', ...negations]).createFilter();
  return filter(path.join(REPO, rel), { isDirectory: () => false });
}

fs.mkdirSync(path.join(REPO, 'out'), { recursive: true });
const buildDir = fs.mkdtempSync(path.join(REPO, 'out', 'test-packaging-'));
afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));
let built: string[] = [];

beforeAll(() => {
  const printed = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-main.mjs'), '--outdir', buildDir], { cwd: REPO, encoding: 'utf8' });
  built = printed.trim().split('\n').map((f) => path.resolve(REPO, f));
}, 120_000);

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema) and names the app as the app does', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_TITLE);
    expect(pkg.productName).toBe(APP_TITLE);
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'build' });
  });

  it('builds an assisted, per-user, Chinese NSIS installer for Windows x64 with shortcuts', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN'],
      language: '2052',
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: '执法人员报名助手',
      deleteAppDataOnUninstall: false,
    });
    expect(config.nsis.artifactName).toBe('zfbm-setup-${version}-x64.${ext}');
    expect(fs.existsSync(path.join(REPO, config.win.icon))).toBe(true);
  });

  it('packs into app.asar, unpacks native code (better-sqlite3, sharp and its libvips), rebuilds better-sqlite3 for Electron', () => {
    expect(config.asar).toBe(true);
    const unpacked = (file: string) => (config.asarUnpack as string[]).some((p) => minimatch(file, p, { dot: true }));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64.node')).toBe(true);
    expect(unpacked('node_modules/@img/sharp-libvips-win32-x64/lib/libvips-42.dll')).toBe(true);
    expect(unpacked('node_modules/sharp/lib/sharp.js')).toBe(true);
    expect(unpacked('out/main/main.js')).toBe(false);
    expect(config.npmRebuild).toBe(true);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.beforePack).toBe('build/before-pack.cjs');
  });

  it('flips the Electron fuses that lock the app down', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('puts only the built bundles and package.json into the app: no sources, tests, benchmarks, docs or server', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n');
    const candidates = [...tracked, 'out/main/main.js', 'out/main/preload.js', 'out/main/backend-worker.js', 'out/main/rules-worker.js', 'out/main/package.json', 'out/main/main.js.map', 'out/main/bridge-main.js', 'out/main/bridge-main.js.map', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'out/cli/cli.js', 'docs/notes.md'];
    const included = candidates.filter(appFileIncluded);
    expect(included.sort()).toEqual(['out/main/backend-worker.js', 'out/main/main.js', 'out/main/main.js.map', 'out/main/package.json', 'out/main/preload.js', 'out/main/rules-worker.js', 'out/renderer/assets/index-abc.js', 'out/renderer/index.html', 'package.json'].sort());
    for (const f of ['src-server/main.ts', 'src-main/cli.ts', 'src-main/electron/main.ts', 'test/global-setup.ts', 'bench/validate/run.ts', 'docs/notes.md', 'scripts/start.mjs', 'resources/photo-specs.json', 'out/cli/cli.js', 'tsconfig.json']) {
      expect(appFileIncluded(f), f).toBe(false);
    }
  });

  it('keeps in node_modules what the native modules load, drops better-sqlite3’s downloader and native build debris', () => {
    for (const f of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/better-sqlite3/lib/index.js', 'node_modules/bindings/bindings.js', 'node_modules/sharp/lib/index.js', 'node_modules/detect-libc/package.json', 'node_modules/semver/index.js']) {
      expect(moduleFileIncluded(f), f).toBe(true);
    }
    for (const f of ['node_modules/prebuild-install/bin.js', 'node_modules/tar-fs/index.js', 'node_modules/simple-get/index.js', 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', 'node_modules/better-sqlite3/src/better_sqlite3.cpp', 'node_modules/better-sqlite3/build/Release/obj/gen/x.o', 'node_modules/better-sqlite3/build/Release/test_extension.node', 'node_modules/some-pkg/index.d.ts', 'node_modules/some-pkg/src/index.ts']) {
      expect(moduleFileIncluded(f), f).toBe(false);
    }
  });

  it('ships every data file of resources/ beside app.asar', () => {
    const mapped = (config.extraResources as Array<{ from: string; to: string }>).map((r) => r.from);
    const entries = fs.readdirSync(path.join(REPO, 'resources')).map((e) => `resources/${e}`);
    expect(mapped.sort()).toEqual(entries.sort());
    for (const r of config.extraResources as Array<{ from: string; to: string }>) expect(r.to).toBe(path.basename(r.from));
  });
});

describe('package.json and the main bundles', () => {
  it('"main" is the main bundle build:main writes; the scripts are there', async () => {
    const buildMain = (await import(pathToFileURL(path.join(REPO, 'scripts', 'build-main.mjs')).href)) as { DEFAULT_OUTDIR: string };
    expect(path.resolve(REPO, pkg.main)).toBe(path.join(buildMain.DEFAULT_OUTDIR, 'main.js'));
    expect(pkg.main).toBe('out/main/main.js');
    expect(appFileIncluded(pkg.main)).toBe(true);
    expect(pkg.scripts['build:main']).toBe('node scripts/build-main.mjs');
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
    expect(pkg.scripts['dist:win']).toBe('npm run build:renderer && npm run build:main && electron-builder --win --x64');
    expect(built.map((f) => path.basename(f)).sort()).toEqual(['backend-worker.js', 'bridge-main.js', 'main.js', 'preload.js', 'rules-worker.js']);
    for (const f of built) expect(fs.existsSync(f)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(buildDir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
  });

  it('the bundles require only Node built-ins and the native modules, which are the only production dependencies; the preload only electron', async () => {
    const { NATIVE_PACKAGES, ABSENT_OPTIONAL } = (await import(pathToFileURL(path.join(REPO, 'scripts', 'build-main.mjs')).href)) as { NATIVE_PACKAGES: string[]; ABSENT_OPTIONAL: string[] };
    const { builtinModules } = await import('node:module');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    const required = new Set<string>();
    for (const f of built) {
      const text = fs.readFileSync(f, 'utf8');
      const specs = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
      if (path.basename(f) === 'preload.js') {
        expect(new Set(specs)).toEqual(new Set(['electron']));
        continue;
      }
      for (const s of specs) if (!builtins.has(s)) required.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
    }
    // Everything pure-JS (exceljs, zod, axios …) is inside; what a bundle loads from node_modules is
    // native code, and a package only a bundled one's unused feature names (never installed).
    expect([...required].sort()).toEqual([...NATIVE_PACKAGES, ...ABSENT_OPTIONAL].sort());
    for (const name of ABSENT_OPTIONAL) expect(fs.existsSync(path.join(REPO, 'node_modules', name)), name).toBe(false);
    for (const name of NATIVE_PACKAGES) expect(moduleFileIncluded(`node_modules/${name}/package.json`), `${name} must ship`).toBe(true);
    // electron-builder ships the production dependencies: exactly the native modules, nothing the
    // bundles already hold, nor the renderer's (Vite bundles them) or the server's (its own bundle).
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...NATIVE_PACKAGES].sort());
  });
});

describe('build/before-pack.cjs', () => {
  const { checkTarget } = require(path.join(REPO, 'build', 'before-pack.cjs')) as { checkTarget(projectDir: string, platform: string, arch: string): string[] };
  const fake = fs.mkdtempSync(path.join(REPO, 'out', 'test-before-pack-'));
  afterAll(() => fs.rmSync(fake, { recursive: true, force: true }));
  const sqlite = path.join(fake, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

  it('refuses a Windows build whose sharp and better-sqlite3 binaries are Linux ones, saying what to do', () => {
    fs.mkdirSync(path.dirname(sqlite), { recursive: true });
    fs.writeFileSync(sqlite, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]));
    const problems = checkTarget(fake, 'win32', 'x64');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/sharp-win32-x64.*npm install --os=win32 --cpu=x64 sharp/);
    expect(problems[1]).toMatch(/better-sqlite3 不是为 win32 编译的.*7f454c46/);
  });

  it('lets a build with Windows binaries through', () => {
    fs.mkdirSync(path.join(fake, 'node_modules', '@img', 'sharp-win32-x64'), { recursive: true });
    fs.writeFileSync(sqlite, Buffer.from('MZ\x90\x00'));
    expect(checkTarget(fake, 'win32', 'x64')).toEqual([]);
  });

  it('passes this machine’s own binaries for this machine', () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') return;
    expect(checkTarget(REPO, 'linux', 'x64')).toEqual([]);
  });
});
