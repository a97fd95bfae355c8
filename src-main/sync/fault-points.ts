/**
 * Named points in the push where the crash tests kill the process (SIGKILL: no cleanup, no flush, as
 * a power cut or Task Manager would). ZFBM_FAULT="name" kills at the first hit of that point,
 * "name#3" at the third. Unset — always, outside the crash tests — this costs one comparison.
 */
const wanted = process.env.ZFBM_FAULT ?? '';
const [wantedName, wantedHitText] = wanted.split('#');
const wantedHit = Number(wantedHitText ?? '1');
const hits = new Map<string, number>();

export function faultPoint(name: string): void {
  if (wanted === '' || name !== wantedName) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n === wantedHit) process.kill(process.pid, 'SIGKILL');
}

/** Whether the crash tests aim at this point (a cheap check for code that must shape itself for it). */
export function faultArmed(name: string): boolean {
  return wanted !== '' && name === wantedName;
}
