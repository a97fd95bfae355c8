// Builds the headless CLI from source: bundles src-main/cli.ts (and the rules worker) with esbuild
// into out/cli/ when any source is newer than the bundle. A bundle, not a TypeScript loader, so that
// the CLI starts and runs as the shipped app does (no per-import loader hooks). scripts/cli.mjs runs
// it; the tests' harness (test/helpers/cli-harness.ts) runs the same bundle with its own deps.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'out', 'cli');
const bundle = path.join(outdir, 'cli.js');
const SOURCE_DIRS = ['src-main', 'src-shared', 'src-node'];
/** Native modules (and optional peers of bundled packages) stay outside the bundle. */
const EXTERNAL = ['better-sqlite3', 'sharp', '@aws-sdk/client-s3'];

function newestSourceMtime() {
  let newest = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  newest = Math.max(newest, fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return newest;
}

function isStale() {
  try {
    return fs.statSync(bundle).mtimeMs < newestSourceMtime();
  } catch {
    return true;
  }
}

/** The path of an up-to-date CLI bundle (out/cli/cli.js), built first when any source is newer. */
export async function cliBundle() {
  if (!isStale()) return bundle;
  // Built aside and renamed into place file by file, so that CLIs started at the same moment (test
  // runners do) never import a half-written bundle.
  const { build } = await import('esbuild');
  const staging = `${outdir}.build-${process.pid}`;
  await build({
    entryPoints: {
      cli: path.join(root, 'src-main', 'cli.ts'),
      'rules-worker': path.join(root, 'src-main', 'validation', 'rules-worker.ts'),
    },
    outdir: staging,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Start-up time (issue 14): the plain-JavaScript packages (exceljs, zod, csv-parse, unzipper, …)
    // are bundled, so that Node reads one file instead of resolving and compiling hundreds; only the
    // native ones, and what a bundled package merely might require, stay in node_modules. Each
    // command's module is a chunk of its own (cli.ts imports it when the command runs), so `validate`
    // never loads sharp, better-sqlite3 or the sync client.
    external: EXTERNAL,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __zfbmCreateRequire } from 'node:module'; const require = __zfbmCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'error',
  });
  // The bundle is ESM whatever the nearest package.json says.
  fs.writeFileSync(path.join(staging, 'package.json'), '{ "type": "module" }\n');
  fs.mkdirSync(outdir, { recursive: true });
  // Maps first: a bundle must never point at a map that is not there yet.
  const files = fs.readdirSync(staging).sort((a, b) => Number(b.endsWith('.map')) - Number(a.endsWith('.map')));
  for (const f of files) fs.renameSync(path.join(staging, f), path.join(outdir, f));
  fs.rmSync(staging, { recursive: true, force: true });
  // Chunks of earlier builds: kept a while for a CLI still running on them (it imports its command's
  // chunk after start), then removed.
  for (const f of fs.readdirSync(outdir)) {
    const p = path.join(outdir, f);
    if (f.startsWith('chunk-') && !files.includes(f) && Date.now() - fs.statSync(p).mtimeMs > 3_600_000) fs.rmSync(p, { force: true });
  }
  return bundle;
}
