import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Measuring whole programs as fresh child processes of plain node: wall time, CPU time and peak
 * memory (reported by peak-memory.mjs, preloaded, so the measured program carries no bench code).
 *
 * This machine's speed drifts by tens of percent from minute to minute (a shared VM), so callers run
 * the programs they compare in alternating pairs and take the median of the per-pair ratios.
 */
export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);
export const DATA_DIR = path.join(BENCH_DIR, '.data');
export const CLI = path.join(ROOT, 'scripts', 'cli.mjs');

export interface Measure {
  ms: number;
  cpuMs: number;
  maxRssMB: number;
}

export function measure(args: string[], env: Record<string, string> = {}): Measure {
  const tag = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const peakFile = path.join(os.tmpdir(), `zfbm-peak-${tag}.json`);
  const out = path.join(os.tmpdir(), `zfbm-out-${tag}.txt`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', path.join(BENCH_DIR, 'lib', 'peak-memory.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ZFBM_PEAK_FILE: peakFile, ...env },
    stdio: ['ignore', fs.openSync(out, 'w'), 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  fs.rmSync(out, { force: true });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const { maxRssMB, cpuMs } = JSON.parse(fs.readFileSync(peakFile, 'utf8')) as { maxRssMB: number; cpuMs: number };
  fs.rmSync(peakFile, { force: true });
  return { ms, cpuMs, maxRssMB };
}

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median of per-pair ratios a[i] / b[i]. */
export function pairRatio(a: readonly Measure[], b: readonly Measure[], of: (m: Measure) => number = (m) => m.ms): number {
  return median(a.map((m, i) => of(m) / of(b[i]!)));
}

/** Builds the CLI bundle up front, so that no measured run pays for it. */
export function buildCli(): void {
  spawnSync(process.execPath, [CLI, 'help'], { cwd: ROOT, stdio: 'ignore' });
}

export function cliArgs(): { runs: number; rows: number[] } & { opt: (name: string, dflt: string) => string } {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
  };
  return { opt, runs: Number(opt('runs', '7')), rows: opt('rows', '').split(',').filter(Boolean).map(Number) };
}
