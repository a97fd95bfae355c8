import type { Readable } from 'node:stream';

/**
 * Named points in a push where a crash test stops the process (SIGKILL: no cleanup, no flush, as a
 * power cut or Task Manager would). The push passes each point through this object, which it is
 * given like its other dependencies; the shipped app and CLI give NO_FAULTS, which does nothing.
 */
export type FaultPointName = 'push.start' | 'push.asked' | 'blob.before' | 'blob.after' | 'batch.before' | 'batch.answered' | 'batch.stored';

export interface FaultPoints {
  /** The push has reached this point (for each file, the blob points are passed once per file). */
  hit(name: FaultPointName): void;
  /**
   * The body of one file's upload. Unset, the bytes go as one buffer (half the CPU of a stream:
   * bench/sync); a crash test returns a stream of the same bytes that stops the process midway.
   */
  uploadBody?(bytes: Buffer): Readable;
}

export const NO_FAULTS: FaultPoints = { hit: () => {} };
