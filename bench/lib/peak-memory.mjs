// Preloaded into a measured child process: at exit, writes its peak resident memory (MB) and CPU time
// to the file named by ZFBM_PEAK_FILE. Keeps the measured program itself free of bench code.
//
// Peak memory comes from /proc/self/status VmHWM where there is one: getrusage's maxrss survives
// exec on Linux, so a child of a large parent would report the parent's peak as its own.
import fs from 'node:fs';

function peakMB() {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}

const target = process.env.ZFBM_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssMB: peakMB(), cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
