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
// neighbours with it) becomes the bundle's own file URL. npm packages stay outside the bundle (they
// ship in node_modules, native ones rebuilt for Electron), except the few that are ES modules only,
// which CommonJS could load only through Node's newer require(esm): those are bundled in.
//
//   node scripts/build-main.mjs [--outdir <dir>]
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
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

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function findPackageJson(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** True when CommonJS cannot require() the package without Node's require(esm). */
export function isEsmOnly(pkg) {
  const exportsText = JSON.stringify(pkg.exports ?? null);
  if (exportsText.includes('"require"')) return false;
  if (pkg.type === 'module') return true;
  const entry = typeof pkg.exports === 'string' ? pkg.exports : (pkg.main ?? 'index.js');
  return entry.endsWith('.mjs');
}

/** npm packages stay external, except those that are ES modules only (bundled, see above). */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const spec = args.path;
      if (spec.startsWith('.') || path.isAbsolute(spec) || builtins.has(spec) || args.kind === 'entry-point') return undefined;
      if (spec === 'electron') return { external: true };
      const pkgJson = findPackageJson(packageName(spec), args.resolveDir || root);
      if (pkgJson && isEsmOnly(JSON.parse(fs.readFileSync(pkgJson, 'utf8')))) return undefined;
      return { external: true };
    });
  },
};

export async function buildMain({ outdir = DEFAULT_OUTDIR } = {}) {
  const { build } = await import('esbuild');
  // Built aside and renamed into place file by file, so that a window or test starting at the same
  // moment never loads a half-written bundle.
  const staging = `${outdir}.build-${process.pid}-${Date.now()}`;
  const common = { bundle: true, outdir: staging, sourcemap: 'linked', logLevel: 'error', target: 'node20', absWorkingDir: root };
  try {
    await build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(NODE_ENTRIES).map(([k, v]) => [k, path.join(root, v)])),
      platform: 'node',
      format: 'cjs',
      define: { 'import.meta.url': 'import_meta_url' },
      banner: { js: 'var import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
      plugins: [externalPackages],
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
