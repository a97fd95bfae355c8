// Bundles the desktop app's Node side with esbuild into out/main/ (what package.json's "main" and
// electron-builder.yml ship):
//
//   main.js            the Electron main process            (src-main/electron/main.ts)
//   preload.js         the window's preload, sandboxed       (src-main/electron/preload.ts)
//   backend-worker.js  the store, services and pusher thread (src-main/backend-worker/worker-main.ts)
//   rules-worker.js    the import's rules thread             (src-main/validation/rules-worker.ts)
//   bridge-main.js     npm start's browser-mode fallback     (src-main/bridge-main.ts)
//
// CommonJS, not ESM: Electron loads CommonJS from app.asar in the main process and in worker threads
// alike, and a sandboxed preload must be CommonJS anyway. `import.meta.url` (the sources find their
// neighbours with it) becomes the bundle's own file URL. Every pure-JS package is inside the bundles
// (issue 16): the installer then needs in node_modules only the native modules of NATIVE_PACKAGES,
// rebuilt for Electron, which are package.json's only "dependencies" for that reason.
//
//   node scripts/build-main.mjs [--outdir <dir>]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTDIR = path.join(root, 'out', 'main');

const NODE_ENTRIES = {
  main: 'src-main/electron/main.ts',
  'backend-worker': 'src-main/backend-worker/worker-main.ts',
  'rules-worker': 'src-main/validation/rules-worker.ts',
  'bridge-main': 'src-main/bridge-main.ts',
};
const PRELOAD_ENTRY = 'src-main/electron/preload.ts';

/**
 * What stays outside the bundles and ships in node_modules: native code (a .node file, sharp's libvips)
 * cannot be bundled, and better-sqlite3 is rebuilt for Electron's Node when the installer is made.
 */
export const NATIVE_PACKAGES = ['better-sqlite3', 'sharp'];

/**
 * Optional packages a bundled one require()s only for a feature the app does not use, and which are
 * not installed: unzipper's Open.s3_v3. Left as a require() that is never reached.
 */
export const ABSENT_OPTIONAL = ['@aws-sdk/client-s3'];

export async function buildMain({ outdir = DEFAULT_OUTDIR } = {}) {
  const { build } = await import('esbuild');
  // Built aside and renamed into place file by file, so that a window or test starting at the same
  // moment never loads a half-written bundle.
  const staging = `${outdir}.build-${process.pid}-${Date.now()}`;
  // The maps turn a logged stack into source lines (main and the worker call setSourceMapsEnabled);
  // that needs the mappings only, not a copy of every bundled package's source in the installer.
  const common = { bundle: true, outdir: staging, sourcemap: 'linked', sourcesContent: false, logLevel: 'error', target: 'node20', absWorkingDir: root };
  try {
    await build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(NODE_ENTRIES).map(([k, v]) => [k, path.join(root, v)])),
      platform: 'node',
      format: 'cjs',
      define: { 'import.meta.url': 'import_meta_url' },
      banner: { js: 'var import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
      external: ['electron', ...NATIVE_PACKAGES, ...ABSENT_OPTIONAL],
    });
    // The sandboxed preload has no Node: everything but electron is bundled, nothing else is required.
    await build({
      ...common,
      entryPoints: { preload: path.join(root, PRELOAD_ENTRY) },
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      // It carries the contract's schemas (zod) for the method names and runs in every page load.
      minify: true,
    });
    fs.writeFileSync(path.join(staging, 'package.json'), '{ "type": "commonjs" }\n');
    fs.mkdirSync(outdir, { recursive: true });
    // Maps first: a bundle must never point at a map that is not there yet.
    const files = fs.readdirSync(staging).sort((a, b) => Number(b.endsWith('.map')) - Number(a.endsWith('.map')));
    for (const f of files) fs.renameSync(path.join(staging, f), path.join(outdir, f));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { outdir, files: ['main.js', 'preload.js', 'backend-worker.js', 'rules-worker.js', 'bridge-main.js'].map((f) => path.join(outdir, f)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : DEFAULT_OUTDIR;
  const { files } = await buildMain({ outdir });
  process.stdout.write(`${files.map((f) => path.relative(process.cwd(), f)).join('\n')}\n`);
}
