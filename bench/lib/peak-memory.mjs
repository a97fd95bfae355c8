// Preloaded into a measured child process: at exit, writes its peak resident memory (MB) and CPU time to the
// file named by ZFBM_PEAK_FILE. Keeps the measured program itself free of benchmark code.
import fs from 'node:fs';

const target = process.env.ZFBM_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssMB: u.maxRSS / 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
