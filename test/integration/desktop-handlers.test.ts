import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { tempDir } from '../helpers/temp-dir.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';

/** The window's file and sync calls through the handlers: real files, a real server on 127.0.0.1. */
const root = tempDir('zfbm-handlers-');
const data = path.join(root, 'desk');
let db: Db;
let h: DesktopHandlers;
let ts: TestServer;
let unit: { username: string; password: string };
const CHINESE = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  db = openStore(data);
  h = makeHandlers(db, data);
});
afterAll(async () => {
  db.close();
  await ts.stop();
});

describe('desktop handlers: files', () => {
  it('模板 writes the template; 导入 imports a filled one once; a file that is no workbook is explained', async () => {
    const template = path.join(root, '采集表模板.xlsx');
    expect(await h.handle('template.write', { file: template })).toEqual({ ok: true, value: { file: template } });
    expect(fs.readFileSync(template).subarray(0, 2).toString()).toBe('PK');

    const filled = path.join(root, '填好的采集表.xlsx');
    await writeTemplate(filled, [validRow({ name: '冯一' }), validRow({ name: '陈二' })]);
    const first = await h.handle('import.file', { file: filled });
    expect(first).toMatchObject({ ok: true, value: { unchanged: false, batch: { persons: 2, invalid: 2, noPhoto: 2 } } });
    expect(await h.handle('import.file', { file: filled })).toMatchObject({ ok: true, value: { unchanged: true } });

    const notXlsx = path.join(root, '照片.xlsx');
    fs.writeFileSync(notXlsx, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const bad = await h.handle('import.file', { file: notXlsx });
    expect(bad).toMatchObject({ ok: false, error: { code: 'file' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(CHINESE);
    expect(await h.handle('import.file', { file: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('desktop handlers: sync settings and sign-in', () => {
  it('refuses a server address that is not one, signs in, changes the first password, pulls', async () => {
    const wrongUrl = await h.handle('sync.configure', { serverUrl: 'ftp://zfbm.example.gov.cn' });
    expect(wrongUrl).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/http:\/\/ 或 https:\/\//) } });
    // Typed without a scheme: the intranet's plain http is meant.
    expect(await h.handle('sync.configure', { serverUrl: ' zfbm.example.gov.cn:8720/ ' })).toMatchObject({ ok: true, value: { serverUrl: 'http://zfbm.example.gov.cn:8720' } });
    expect(await h.handle('sync.configure', { serverUrl: ts.url, proxy: 'none' })).toEqual({ ok: true, value: { serverUrl: ts.url, proxy: 'none', caFile: '' } });

    const wrong = await h.handle('sync.login', { username: unit.username, password: 'not-it-1' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth.invalid_credentials' } });
    expect((wrong as { error: { message: string } }).error.message).toMatch(CHINESE);

    expect(await h.handle('sync.login', { username: unit.username, password: unit.password })).toMatchObject({ ok: true, value: { mustChangePassword: true, unitName: expect.stringMatching(/市场监督管理局/) } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { signedIn: { username: unit.username, mustChangePassword: true } } });
    expect(await h.handle('sync.pull', {})).toMatchObject({ ok: false, error: { code: 'auth.must_change_password' } });
    expect(await h.handle('sync.changePassword', { oldPassword: unit.password, newPassword: 'short' })).toMatchObject({ ok: false, error: { code: 'auth.weak_password' } });
    // The shared deny list, checked on the desktop before sending.
    expect(await h.handle('sync.changePassword', { oldPassword: unit.password, newPassword: 'P@ssw0rd' })).toMatchObject({ ok: false, error: { code: 'auth.weak_password', message: expect.stringMatching(/常见的弱密码/) } });
    expect(await h.handle('sync.changePassword', { oldPassword: unit.password, newPassword: 'Handlers2026' })).toEqual({ ok: true, value: { ok: true } });
    expect(await h.handle('sync.pull', {})).toMatchObject({ ok: true, value: { decisions: 0, referenceChanged: true, newProblems: [] } });
    expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { serverUrl: ts.url, signedIn: { username: unit.username, mustChangePassword: false } } });
  });
});
