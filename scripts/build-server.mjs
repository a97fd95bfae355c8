// Builds the sync server for a deployment (issue 13): esbuild bundles of the server and its admin
// command line into out/server/, and the reviewer's console (Vite) into out/console/.
//
//   main.js    the server           (src-server/main.ts)      node out/server/main.js
//   admin.js   the admin verbs      (src-server/admin-cli.ts)  node out/server/admin.js help
//
// ES modules, like the sources (package.json says "type": "module"). Every pure-JS package (fastify and
// its plugins, exceljs, zod …) is inside the bundle; what must stay in node_modules is EXTERNAL below:
// the native modules (better-sqlite3, sharp: compiled for the machine npm ran on), package.json's only
// "dependencies". A checkout with production dependencies only (`npm ci --omit=dev`) runs both bundles.
// The code tables and photo specs are read from the checkout's resources/
// (src-node/reference/resources-dir.ts searches upwards from the bundle), the console from out/console
// (src-server/config.ts REPO_ROOT: the folder holding package.json).
//
//   node scripts/build-server.mjs [--out <dir>] [--no-console]
//
// --out writes <dir>/server and <dir>/console instead of out/ (the deployment test builds aside).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = path.join(root, 'out');

export const ENTRIES = { main: 'src-server/main.ts', admin: 'src-server/admin-cli.ts' };

/**
 * Packages that stay in node_modules (see above); everything else is bundled. @aws-sdk/client-s3 is not
 * installed: unzipper require()s it only for its S3 reader, which the server never calls.
 */
export const EXTERNAL = ['better-sqlite3', 'sharp', '@aws-sdk/client-s3'];

/** Moves a freshly built folder into place; a server starting at that moment sees the old or the new one. */
function swapIn(staging, target) {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}

export async function buildServerBundles(outdir) {
  const { build } = await import('esbuild');
  const staging = `${outdir}.build-${process.pid}-${Date.now()}`;
  try {
    await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(root, v)])),
      outdir: staging,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'error',
      external: EXTERNAL,
      // Bundled CommonJS packages call require(); an ES module has none of its own.
      banner: { js: "import { createRequire as __zfbmCreateRequire } from 'node:module'; const require = __zfbmCreateRequire(import.meta.url);" },
      // Shared code between the two entries stays inside each: two self-contained files.
      splitting: false,
    });
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    swapIn(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return Object.keys(ENTRIES).map((k) => path.join(outdir, `${k}.js`));
}

export function buildConsole(outdir) {
  const staging = `${outdir}.build-${process.pid}-${Date.now()}`;
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  try {
    execFileSync(process.execPath, [vite, 'build', '--config', 'vite.console.config.ts', '--outDir', staging, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    swapIn(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return path.join(outdir, 'index.html');
}

export async function buildServer({ out = DEFAULT_OUT, console: withConsole = true } = {}) {
  const files = await buildServerBundles(path.join(out, 'server'));
  if (withConsole) files.push(buildConsole(path.join(out, 'console')));
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const out = i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : DEFAULT_OUT;
  const files = await buildServer({ out, console: !args.includes('--no-console') });
  process.stdout.write(`${files.map((f) => path.relative(process.cwd(), f)).join('\n')}\n`);
}
