// bench/photos: phone photos (about 3000 x 4000 JPEG, a few MB each) fixed to the Guangxi spec
// (90 x 120 JPG under 40 KB) by fixPhoto, against a bare sharp resize-and-encode of the same files in
// the same run. Target: fixPhoto at most 1.2x the bare pass, concurrency bounded by the cores.
//
//   npm run bench:photos [-- --count 1000] [--runs 3] [--concurrency <cores>]
//
// The photos are generated once into bench/.data/photos/ (by generate.ts in a process of its own:
// a forked child starts with its parent's peak memory, so this process stays small). Each pass is a
// fresh node process (bench/lib/measure.ts: peak memory and CPU time); passes alternate bare/fix in
// pairs and the ratio is the median of the per-pair ratios of processing time (start-up excluded).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, DATA_DIR, cliArgs, measure, median, type Measure } from '../lib/measure.js';
import { GENERATOR_VERSION, photoPaths } from './photo-files.js';

const { opt } = cliArgs();
const count = Number(opt('count', '1000'));
const runs = Number(opt('runs', '3'));
const cores = os.availableParallelism();
const concurrency = Math.max(1, Math.min(cores, Number(opt('concurrency', String(cores)))));
if (!(count > 0)) throw new Error('--count must be a positive number');

const dir = path.join(DATA_DIR, 'photos');
const files = photoPaths(dir, count);
const versionFile = path.join(dir, 'VERSION');
const current = fs.existsSync(versionFile) && fs.readFileSync(versionFile, 'utf8').trim() === GENERATOR_VERSION;
if (!current || files.some((f) => !fs.existsSync(f))) {
  const g = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'photos', 'generate.ts'), dir, String(count), String(cores)], { stdio: 'inherit' });
  if (g.status !== 0) throw new Error('generating the photos failed');
}
const totalBytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);

const tag = `${process.pid}`;
const list = path.join(os.tmpdir(), `zfbm-bench-photos-${tag}.txt`);
fs.writeFileSync(list, files.join('\n'));
const worker = path.join(BENCH_DIR, 'photos', 'worker.ts');

interface Report {
  mode: string;
  files: number;
  ms: number;
  outBytes: number;
  unfixable: number;
  failed: number;
}
interface Pass extends Measure {
  report: Report;
}

function pass(mode: 'fix' | 'bare'): Pass {
  const reportFile = path.join(os.tmpdir(), `zfbm-bench-photos-${tag}-${mode}.json`);
  const m = measure(['--import', 'tsx', worker, '--mode', mode, '--list', list, '--concurrency', String(concurrency), '--report', reportFile]);
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
  fs.rmSync(reportFile, { force: true });
  return { ...m, report };
}

const perSec = (p: Pass) => p.report.files / (p.report.ms / 1000);
const line = (p: Pass) =>
  `${(p.report.ms / 1000).toFixed(1).padStart(6)} s  ${perSec(p).toFixed(1).padStart(6)} photos/s  CPU ${(p.cpuMs / 1000).toFixed(1)} s  peak ${p.maxRssMB.toFixed(0)} MB`;

console.log(
  `bench/photos: ${count} phone photos (JPEG, about 3000×4000, average ${(totalBytes / count / 1024 / 1024).toFixed(1)} MB, one in four EXIF-rotated) ` +
    `-> Guangxi 90×120 JPG; ${concurrency} at a time on ${cores} cores; ${runs} alternating pairs`,
);
const bare: Pass[] = [];
const fix: Pass[] = [];
try {
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so that drift of this shared machine hits both alike.
    if (r % 2 === 0) {
      bare.push(pass('bare'));
      fix.push(pass('fix'));
    } else {
      fix.push(pass('fix'));
      bare.push(pass('bare'));
    }
    console.log(`  pair ${r + 1}: bare ${line(bare[r]!)}`);
    console.log(`          fix  ${line(fix[r]!)}   ratio ${(fix[r]!.report.ms / bare[r]!.report.ms).toFixed(2)}x`);
  }
} finally {
  fs.rmSync(list, { force: true });
}

const ratio = median(fix.map((f, i) => f.report.ms / bare[i]!.report.ms));
const fastest = Math.min(...fix.map((f) => f.report.ms)) / Math.min(...bare.map((b) => b.report.ms));
const last = fix[fix.length - 1]!.report;
console.log(`fixPhoto:   ${median(fix.map(perSec)).toFixed(1)} photos/s (median), peak memory ${Math.max(...fix.map((f) => f.maxRssMB)).toFixed(0)} MB`);
console.log(`bare sharp: ${median(bare.map(perSec)).toFixed(1)} photos/s (median), peak memory ${Math.max(...bare.map((b) => b.maxRssMB)).toFixed(0)} MB`);
const cpuRatio = median(fix.map((f, i) => f.cpuMs / bare[i]!.cpuMs));
console.log(`ratio fix/bare: ${ratio.toFixed(2)}x median of pairs, ${fastest.toFixed(2)}x fastest/fastest (target <= 1.2x: ${ratio <= 1.2 ? 'met' : 'MISSED'})`);
console.log(`CPU time fix/bare: ${cpuRatio.toFixed(2)}x median of pairs (steadier than wall time on a shared machine)`);
console.log(
  `outcome: ${last.files - last.failed} fixed (average ${(last.outBytes / Math.max(1, last.files - last.failed) / 1024).toFixed(1)} KB), ` +
    `${last.unfixable} with something left that cannot be fixed (background), ${last.failed} not readable`,
);
