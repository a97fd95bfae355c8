import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathBeside, writeFileDurably, writeFileDurablySync } from '../../src-node/durable-write.js';
import { FileTokenStore } from '../../src-main/sync/token-store.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-durable-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('durable write (the one temp-file, fsync, rename helper)', () => {
  it('replaces a file whole and leaves no temp file beside it, async and sync', async () => {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, 'old');
    await writeFileDurably(file, 'new, async');
    expect(fs.readFileSync(file, 'utf8')).toBe('new, async');
    writeFileDurablySync(file, Buffer.from('new, sync'), { hidden: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new, sync');
    expect(fs.readdirSync(dir)).toEqual(['a.json']);
  });

  it('names its temp file beside the target, hidden on request, never twice the same', () => {
    const target = path.join(dir, '采集表.xlsx');
    const shown = tempPathBeside(target);
    const hidden = tempPathBeside(target, true);
    expect(path.dirname(shown)).toBe(dir);
    expect(path.basename(shown)).toMatch(new RegExp(`^采集表\\.xlsx\\.${process.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(path.basename(hidden)).toMatch(/^\.采集表\.xlsx\./);
    expect(tempPathBeside(target)).not.toBe(shown);
  });

  it('removes its temp file and throws the errno error when the rename fails', async () => {
    const target = path.join(dir, 'is-a-folder');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileDurably(target, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) });
    expect(() => writeFileDurablySync(target, 'x', { hidden: true })).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['is-a-folder']);
  });

  it.skipIf(!posix)('creates the file with the mode asked for (a token is owner-only)', () => {
    const file = path.join(dir, 'secret');
    writeFileDurablySync(file, 'token', { mode: 0o600 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!posix)('the CLI token file is written through it: owner-only, read back whole', () => {
    const store = new FileTokenStore(path.join(dir, 'sub', 'token.json'));
    const token = { serverUrl: 'https://127.0.0.1:8443', username: 'clerk', token: 't'.repeat(40), expiresAt: '2026-12-31T00:00:00.000Z' };
    store.save(token);
    expect(fs.statSync(path.join(dir, 'sub', 'token.json')).mode & 0o777).toBe(0o600);
    expect(store.load()).toMatchObject({ serverUrl: token.serverUrl, username: 'clerk' });
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual(['token.json']);
  });
});
