import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTemplate } from '../../test/helpers/large-template.js';

/**
 * bench/validate — the cost of checking a filled template, against the bare cost of exceljs reading
 * the same file, both as fresh child processes of plain node (the CLI as `npm run cli` runs it: the
 * esbuild bundle of scripts/cli.mjs), in the same run.
 *
 * Targets (issue 2): validate at most 1.3x the bare read; 50,000 rows under 400 MB peak memory.
 * This machine's timings drift by tens of percent from minute to minute (a shared VM), so the two
 * programs run in alternating pairs and the ratio is the median of the per-pair ratios: each pair
 * shares the same conditions. CPU time is shown beside wall time.
 *
 * Usage: npm run bench:validate [-- --rows 10000,50000 --runs 7]
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const dataDir = path.join(root, 'bench', '.data');

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const sizes = opt('rows', '10000,50000').split(',').map(Number);
const runs = Number(opt('runs', '7'));

interface Measure {
  ms: number;
  cpuMs: number;
  maxRssMB: number;
}

function measure(script: string[], env: Record<string, string> = {}): Measure {
  const peakFile = path.join(os.tmpdir(), `zfbm-peak-${process.pid}-${Date.now()}.json`);
  const out = path.join(os.tmpdir(), `zfbm-out-${process.pid}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', path.join(here, 'peak-memory.mjs'), ...script], {
    cwd: root,
    env: { ...process.env, ZFBM_PEAK_FILE: peakFile, ...env },
    stdio: ['ignore', fs.openSync(out, 'w'), 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script.join(' ')} exited ${r.status}: ${r.stderr}`);
  const { maxRssMB, cpuMs } = JSON.parse(fs.readFileSync(peakFile, 'utf8')) as { maxRssMB: number; cpuMs: number };
  fs.rmSync(peakFile, { force: true });
  fs.rmSync(out, { force: true });
  return { ms, cpuMs, maxRssMB };
}

// Build the CLI bundle now, so that no measured run pays for it.
spawnSync(process.execPath, [path.join(root, 'scripts', 'cli.mjs'), 'help'], { cwd: root, stdio: 'ignore' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`bench/validate on ${os.cpus().length} cores, Node ${process.version}, ${runs} runs each (median shown)\n`);
const rowsOut: string[] = [];
let ok = true;
for (const n of sizes) {
  const file = path.join(dataDir, `template-${n}.xlsx`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await generateTemplate(file, n);
    console.log(`generated ${path.relative(root, file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const bare: Measure[] = [];
  const validate: Measure[] = [];
  // Alternate the two so that drift in machine load hits both alike.
  for (let i = 0; i < runs; i++) {
    bare.push(measure([path.join(here, 'bare-read.mjs'), file]));
    validate.push(measure([path.join(root, 'scripts', 'cli.mjs'), 'validate', file, '--json'], { ZFBM_TODAY: '2026-11-23' }));
  }
  const b = median(bare.map((m) => m.ms));
  const v = median(validate.map((m) => m.ms));
  const ratio = median(validate.map((m, i) => m.ms / bare[i]!.ms));
  const cpuRatio = median(validate.map((m, i) => m.cpuMs / bare[i]!.cpuMs));
  // The fastest run of each is the one least disturbed by the machine; shown as a second opinion.
  const minRatio = Math.min(...validate.map((m) => m.ms)) / Math.min(...bare.map((m) => m.ms));
  const peak = Math.max(...validate.map((m) => m.maxRssMB));
  const bPeak = Math.max(...bare.map((m) => m.maxRssMB));
  const ratioOk = ratio <= 1.3;
  const memOk = n < 50_000 || peak < 400;
  ok &&= ratioOk && memOk;
  rowsOut.push(
    `${String(n).padStart(6)} rows | exceljs read ${(b / 1000).toFixed(2)} s, ${bPeak.toFixed(0)} MB | cli validate --json ${(v / 1000).toFixed(2)} s, ${peak.toFixed(0)} MB` +
      ` | ratio ${ratio.toFixed(2)}x wall ${ratioOk ? '(<= 1.3x ok)' : '(> 1.3x MISSED)'}, fastest/fastest ${minRatio.toFixed(2)}x, ${cpuRatio.toFixed(2)}x CPU` +
      (n >= 50_000 ? ` | peak ${memOk ? '< 400 MB ok' : '>= 400 MB MISSED'}` : ''),
  );
  console.log(rowsOut[rowsOut.length - 1]);
}
console.log(ok ? '\nall targets met' : '\nsome targets missed');
