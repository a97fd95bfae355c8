// archiver ships no types; the tests use it to write hostile zip files part by part (test/helpers/hostile-tables.ts).
declare module 'archiver' {
  import type { Readable, Writable } from 'node:stream';
  interface Archiver {
    pipe(out: Writable): void;
    append(source: string | Buffer | Readable, data: { name: string; store?: boolean }): Archiver;
    finalize(): Promise<void>;
    on(event: 'error' | 'warning', listener: (e: Error) => void): Archiver;
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number }; store?: boolean }): Archiver;
  export default archiver;
}
