import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/store/open-store.js';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { call, readyUser, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch, withStore, type DesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { listReviewRecords } from '../../src-main/store/review-records-repo.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A province department's unit with its desktop (its CLI, a real data folder) against the real sync
 * server: after the push its people wait at the department's legal office, and after that office's
 * approval the desktop says they wait for the province (省级审核), not for a city — the names of the
 * steps come with the server's answers (`kind`), the levels stay the two the desktop stores.
 */
const root = tempDir('zfbm-sync-province-');
const data = path.join(root, 'desk');
let ts: TestServer;
let unit: { username: string; password: string };
let department: { token: string };
let batch: DesktopBatch;
const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
const cli = (...args: string[]) => runCli([...args, '--data', data]);
const desktop = <T>(fn: (db: Db) => T): T => withStore(data, fn);

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const province = await addJurisdiction(ts.app.db, { name: '自治区司法厅', level: 'province', parentId: null }, actor);
  const transport = await addJurisdiction(ts.app.db, { name: '自治区交通运输厅', level: 'department', parentId: province.id }, actor);
  const u = await addUnit(ts.app.db, { name: '自治区公路发展中心', jurisdictionId: transport.id }, actor);
  unit = await seedUser(ts.app, 'unit', { unitId: u.id });
  department = await readyUser(ts, 'reviewer', { jurisdictionId: transport.id });
  batch = await prepareDesktopBatch(data, 2, (i) => ({ name: ['韦一', '覃二'][i]! }));
});
afterAll(() => ts.stop());

describe('a department unit\'s desktop', () => {
  it('after the push, its people wait at the department\'s legal office', async () => {
    const login = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nNewPassw0rd\n`);
    expect(login.code, login.stderr).toBe(0);
    const r = await cli('push', '--batch', batch.number, '--timeout', '60');
    expect(r.code, r.stderr).toBe(0);
    desktop((db) => {
      expect(db.prepare('SELECT pending_at FROM persons ORDER BY id').pluck().all()).toEqual(['自治区交通运输厅（部门法制机构审核）', '自治区交通运输厅（部门法制机构审核）']);
    });
  });

  it('after the department\'s approval and a rejection, the pull says who is next: the province, and the returned one with its comment', async () => {
    const list = (await call(ts.url, 'GET', '/api/v1/review/pending', { token: department.token })).body as { persons: Array<{ personId: number; version: number; name: string }> };
    const byName = Object.fromEntries(list.persons.map((p) => [p.name, p]));
    const ok = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: department.token, body: { items: [byName['韦一']], result: 'approved', comment: '' } });
    expect(ok.status, ok.text).toBe(200);
    const no = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: department.token, body: { items: [byName['覃二']], result: 'rejected', comment: '学历证明不清晰，请重新上传。' } });
    expect(no.status, no.text).toBe(200);
    const r = await cli('pull', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decisions: 2, rejected: 1 });
    desktop((db) => {
      expect(db.prepare('SELECT name, status, pending_at AS at, review_comment AS comment FROM persons ORDER BY id').all()).toEqual([
        { name: '韦一', status: 'county_approved', at: '省级审核', comment: expect.anything() },
        { name: '覃二', status: 'rejected', at: expect.anything(), comment: '学历证明不清晰，请重新上传。' },
      ]);
      const details = db.prepare("SELECT detail FROM audit_log WHERE action IN ('person.approved', 'person.returned') ORDER BY id").pluck().all() as string[];
      expect(details).toEqual([expect.stringMatching(/^部门法制机构审核通过/), expect.stringMatching(/^部门法制机构审核驳回.*学历证明不清晰/)]);
      // 审核记录 (the person's history) names the step too, not 县级.
      const ids = db.prepare('SELECT id FROM persons ORDER BY id').pluck().all() as number[];
      expect(listReviewRecords(db, ids[0]!)).toEqual([expect.objectContaining({ level: 'county', kind: 'department', result: 'approved' })]);
      expect(listReviewRecords(db, ids[1]!)).toEqual([expect.objectContaining({ level: 'county', kind: 'department', result: 'rejected' })]);
    });
  });
});
