import fs from 'node:fs';

/**
 * The peak resident memory of this process, for benchmark processes that report it themselves (a
 * server or client asked "how much so far?" mid-run). Separate processes launched through
 * bench/lib/measure.ts get theirs from peak-memory.mjs at exit instead.
 */

/** Peak RSS in MB: VmHWM on Linux (restartable, see resetPeak), else getrusage's maxrss. */
export function peakMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Restarts the VmHWM count (Linux), so the peak covers only what follows; false where it cannot. */
export function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
