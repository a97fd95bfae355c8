/**
 * Whether a process with this id exists on this machine. EPERM means it does, as another user. A live
 * PID proves only that some process has it (PIDs are handed out again), so callers use this to learn
 * that a writer is certainly gone, never that it is still there.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
