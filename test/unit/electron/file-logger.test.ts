import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, describeError, logTimestamp } from '../../../src-main/log/file-logger.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The app's log file: lines with local time and level, errors with their stack and cause, rotation by size. */
const root = tempDir('zfbm-log-');
const at = new Date(2026, 10, 23, 14, 5, 9, 123);

describe('file logger', () => {
  it('appends one line per event, creating the folder; an error comes with its stack and cause, indented', () => {
    const dir = path.join(root, 'a', 'logs');
    const log = createFileLogger({ dir, now: () => at });
    log.info('启动');
    log.warn('没有网络');
    log.error('导入失败', new Error('outer', { cause: new Error('inner reason') }));
    log.error('a string', 'just text');
    const text = fs.readFileSync(path.join(dir, 'main.log'), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`${logTimestamp(at)} INFO  启动`);
    expect(lines[1]).toMatch(/ WARN  没有网络$/);
    expect(lines[2]).toMatch(/ ERROR 导入失败$/);
    expect(lines[3]).toBe('    Error: outer');
    expect(text).toMatch(/\n {4}\s+at .*file-logger\.test\.ts/);
    expect(text).toContain('    cause: Error: inner reason');
    expect(text).toContain('ERROR a string\n    just text\n');
    expect(log.file).toBe(path.join(dir, 'main.log'));
  });

  it('timestamps in local time with the offset', () => {
    expect(logTimestamp(at)).toMatch(/^2026-11-23 14:05:09\.123 [+-]\d{2}:\d{2}$/);
  });

  it('rotates by size, keeping `keep` old files, newest first', () => {
    const dir = path.join(root, 'rot');
    const log = createFileLogger({ dir, maxBytes: 200, keep: 2, now: () => at });
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(200);
    const current = fs.readFileSync(path.join(dir, 'main.log'), 'utf8');
    const older = fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8');
    expect(current).toContain('line 39');
    const lastOlder = Number(/line (\d+)/.exec(older.trim().split('\n').at(-1)!)![1]);
    const firstCurrent = Number(/line (\d+)/.exec(current)![1]);
    expect(firstCurrent).toBe(lastOlder + 1);
    expect(fs.readFileSync(path.join(dir, 'main.2.log'), 'utf8')).not.toContain('line 00');
  });

  it('picks up the size of an existing file after a restart', () => {
    const dir = path.join(root, 'restart');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'main.log'), 'y'.repeat(190) + '\n');
    createFileLogger({ dir, maxBytes: 200 }).info('this does not fit');
    expect(fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8')).toBe('y'.repeat(190) + '\n');
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toMatch(/this does not fit\n$/);
  });

  it('a log that cannot be written never throws: the line goes to stderr', () => {
    const file = path.join(root, 'not-a-dir');
    fs.writeFileSync(file, 'plain file');
    const log = createFileLogger({ dir: path.join(file, 'logs') });
    const write = process.stderr.write;
    let err = '';
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      expect(() => log.error('still fine', new Error('x'))).not.toThrow();
    } finally {
      process.stderr.write = write;
    }
    expect(err).toContain('still fine');
  });

  it('describes any thrown value readably', () => {
    expect(describeError({ code: 7 })).toBe('{"code":7}');
    expect(describeError(undefined)).toBe('undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeError(circular)).toBe('[object Object]');
  });
});
