import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTemplate } from '../../test/helpers/large-template.js';
import { CLI, DATA_DIR, buildCli, cliArgs, measure, median, pairRatio, type Measure } from '../lib/measure.js';

/**
 * bench/import — importing a filled template into the store (read, check, one transaction into a
 * fresh SQLite file), against `validate` of the same file, in alternating pairs.
 *
 * Target (issue 3): 10,000 rows imported in at most 1.5x the time of validate.
 * Usage: npm run bench:import [-- --rows 10000 --runs 7]
 */
const { runs, rows } = cliArgs();
const sizes = rows.length ? rows : [10_000];

console.log(`bench/import on ${os.cpus().length} cores, Node ${process.version}, ${runs} runs each (median shown)\n`);
buildCli();
let ok = true;
for (const n of sizes) {
  const file = path.join(DATA_DIR, `template-${n}.xlsx`);
  if (!fs.existsSync(file)) await generateTemplate(file, n);
  const validate: Measure[] = [];
  const imported: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-import-'));
    validate.push(measure([CLI, 'validate', file, '--json']));
    imported.push(measure([CLI, 'import', '--data', dataDir, file, '--json']));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const ratio = pairRatio(imported, validate);
  const rOk = ratio <= 1.5;
  ok &&= rOk;
  console.log(
    `${String(n).padStart(6)} rows | validate ${(median(validate.map((m) => m.ms)) / 1000).toFixed(2)} s | import into a new store ${(median(imported.map((m) => m.ms)) / 1000).toFixed(2)} s, ${Math.max(...imported.map((m) => m.maxRssMB)).toFixed(0)} MB` +
      ` | ratio ${ratio.toFixed(2)}x ${rOk ? '(<= 1.5x ok)' : '(> 1.5x MISSED)'}, ${pairRatio(imported, validate, (m) => m.cpuMs).toFixed(2)}x CPU`,
  );
}
console.log(ok ? '\nall targets met' : '\nsome targets missed');

