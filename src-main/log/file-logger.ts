import fs from 'node:fs';
import path from 'node:path';
import { localClock, localDate, localOffset } from '../../src-shared/local-time.js';

/**
 * The app's log file: one line per event in `<dir>/<name>.log`, appended synchronously (a line
 * written just before a crash is on disk), rotated by size: when the file would pass `maxBytes` it
 * becomes `<name>.1.log`, the older ones move up and the oldest beyond `keep` is removed. Plain Node,
 * so the shell, the backend worker (through main) and the browser-mode fallback log the same way.
 * A log that cannot be written never stops the program: the line goes to stderr instead.
 */
export interface Logger {
  readonly file: string;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export interface FileLoggerOptions {
  dir: string;
  /** File name without extension; `main` by default. */
  name?: string;
  /** Rotate before the file passes this size; 1 MB by default. */
  maxBytes?: number;
  /** Rotated files kept besides the current one; 4 by default. */
  keep?: number;
  now?: () => Date;
  /** Also print each line here (development); nothing by default. */
  echo?: (line: string) => void;
}

/** An error as one readable block: name, message, stack and `cause`, never `[object Object]`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const head = error.stack ?? `${error.name}: ${error.message}`;
    return error.cause !== undefined ? `${head}\n  cause: ${describeError(error.cause)}` : head;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Local time with the offset, as a clerk's support person reads it: 2026-11-23 14:05:09.123 +08:00. */
export function logTimestamp(d: Date): string {
  return `${localDate(d)} ${localClock(d)}.${String(d.getMilliseconds()).padStart(3, '0')} ${localOffset(d)}`;
}

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const name = opts.name ?? 'main';
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const keep = Math.max(0, opts.keep ?? 4);
  const now = opts.now ?? (() => new Date());
  const file = path.join(opts.dir, `${name}.log`);
  const rotated = (i: number) => path.join(opts.dir, `${name}.${i}.log`);
  let size = -1;

  const rotate = () => {
    if (keep === 0) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.rmSync(rotated(keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (fs.existsSync(rotated(i))) fs.renameSync(rotated(i), rotated(i + 1));
    }
    fs.renameSync(file, rotated(1));
  };

  const write = (level: 'INFO' | 'WARN' | 'ERROR', message: string, error?: unknown) => {
    const detail = error === undefined ? '' : `\n${describeError(error).replace(/^/gm, '    ')}`;
    const line = `${logTimestamp(now())} ${level.padEnd(5)} ${message}${detail}\n`;
    opts.echo?.(line);
    try {
      if (size < 0) {
        fs.mkdirSync(opts.dir, { recursive: true });
        size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      }
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        rotate();
        size = 0;
      }
      fs.appendFileSync(file, line);
      size += bytes;
    } catch (e) {
      size = -1;
      process.stderr.write(`[log file ${file} not writable: ${e instanceof Error ? e.message : String(e)}] ${line}`);
    }
  };

  return {
    file,
    info: (message) => write('INFO', message),
    warn: (message, error) => write('WARN', message, error),
    error: (message, error) => write('ERROR', message, error),
  };
}
