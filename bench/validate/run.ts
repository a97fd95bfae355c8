import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTemplate } from '../../test/helpers/large-template.js';
import { CLI, DATA_DIR, ROOT, buildCli, cliArgs, measure, median, pairRatio, type Measure } from '../lib/measure.js';

/**
 * bench/validate — the cost of checking a filled template, against the bare cost of exceljs reading
 * the same file, both as fresh processes of plain node (the CLI as `npm run cli` runs it: the esbuild
 * bundle of scripts/cli.mjs), in the same run, in alternating pairs.
 *
 * Targets (issue 2): validate at most 1.3x the bare read; 50,000 rows under 400 MB peak memory.
 * Issue 14: the empty template too (cold start: nearly all of it is starting up) within 1.3x.
 * Usage: npm run bench:validate [-- --rows 10000,50000 --runs 7]
 */
const { runs, rows } = cliArgs();
const sizes = rows.length ? rows : [10_000, 50_000];

console.log(`bench/validate on ${os.cpus().length} cores, Node ${process.version}, ${runs} runs each (median shown), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
buildCli();
let ok = true;

// Cold start (issue 14): the empty template, where nearly all the time is starting up. Target: cli
// validate within 1.3x of bare exceljs streaming the same file, both fresh processes, in pairs.
{
  const empty = path.join(DATA_DIR, 'template-empty.xlsx');
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(empty)) measure([CLI, 'template', empty]);
  const bare: Measure[] = [];
  const validate: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(measure([path.join(ROOT, 'bench', 'validate', 'bare-read.mjs'), empty]));
    validate.push(measure([CLI, 'validate', empty, '--json']));
  }
  const ratio = pairRatio(validate, bare);
  const coldOk = ratio <= 1.3;
  ok &&= coldOk;
  const secs = (ms: readonly Measure[]) => (median(ms.map((m) => m.ms)) / 1000).toFixed(2);
  const range = (ms: readonly Measure[]) => `${(Math.min(...ms.map((m) => m.ms)) / 1000).toFixed(2)}–${(Math.max(...ms.map((m) => m.ms)) / 1000).toFixed(2)}`;
  console.log(
    ` empty template (cold start) | exceljs read ${secs(bare)} s (${range(bare)}) | cli validate --json ${secs(validate)} s (${range(validate)})` +
      ` | ratio ${ratio.toFixed(2)}x wall ${coldOk ? '(<= 1.3x ok)' : '(> 1.3x MISSED)'}, ${pairRatio(validate, bare, (m) => m.cpuMs).toFixed(2)}x CPU`,
  );
}
for (const n of sizes) {
  const file = path.join(DATA_DIR, `template-${n}.xlsx`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await generateTemplate(file, n);
    console.log(`generated ${path.relative(ROOT, file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const bare: Measure[] = [];
  const validate: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(measure([path.join(ROOT, 'bench', 'validate', 'bare-read.mjs'), file]));
    validate.push(measure([CLI, 'validate', file, '--json']));
  }
  const ratio = pairRatio(validate, bare);
  // The fastest run of each is the one least disturbed by the machine; shown as a second opinion.
  const minRatio = Math.min(...validate.map((m) => m.ms)) / Math.min(...bare.map((m) => m.ms));
  const peak = Math.max(...validate.map((m) => m.maxRssMB));
  const ratioOk = ratio <= 1.3;
  const memOk = n < 50_000 || peak < 400;
  ok &&= ratioOk && memOk;
  console.log(
    `${String(n).padStart(6)} rows | exceljs read ${(median(bare.map((m) => m.ms)) / 1000).toFixed(2)} s, ${Math.max(...bare.map((m) => m.maxRssMB)).toFixed(0)} MB` +
      ` | cli validate --json ${(median(validate.map((m) => m.ms)) / 1000).toFixed(2)} s, ${peak.toFixed(0)} MB` +
      ` | ratio ${ratio.toFixed(2)}x wall ${ratioOk ? '(<= 1.3x ok)' : '(> 1.3x MISSED)'}, fastest/fastest ${minRatio.toFixed(2)}x, ${pairRatio(validate, bare, (m) => m.cpuMs).toFixed(2)}x CPU` +
      (n >= 50_000 ? ` | peak ${memOk ? '< 400 MB ok' : '>= 400 MB MISSED'}` : ''),
  );
}
console.log(ok ? '\nall targets met' : '\nsome targets missed');
