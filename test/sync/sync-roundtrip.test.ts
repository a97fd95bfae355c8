import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import type { Db } from '../../src-main/store/open-store.js';
import { RegistrationService } from '../../src-main/services/registration-service.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { listReturned, listReviewRecords } from '../../src-main/store/review-records-repo.js';
import { importRecordFile } from '../../src-server/records/import-records.js';
import { call, readyUser, seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch, withStore, type DesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The full round trip between the desktop (its CLI, a real data folder) and the real sync server on
 * 127.0.0.1: push, a rejection with a comment, pull, the clerk's edit going out again on its own,
 * approval at both levels, and the study accounts pulled down.
 */
const root = tempDir('zfbm-sync-rt-');
const data = path.join(root, 'desk');
let ts: TestServer;
let unit: { username: string; password: string };
let county: { token: string };
let city: { token: string };
let batch: DesktopBatch;
/** Methods of the requests to /api/v1/batches/:id, in order. */
const batchRequests: string[] = [];

const cli = (...args: string[]) => runCli([...args, '--data', data]);
const decide = (token: string, items: Array<{ personId: number; version: number }>, result: string, comment = '') =>
  call(ts.url, 'POST', '/api/v1/review/decisions', { token, body: { items, result, comment } });
const pending = async (token: string) =>
  (await call(ts.url, 'GET', '/api/v1/review/pending', { token })).body as { persons: Array<{ personId: number; version: number; name: string }> };

const desktop = <T>(fn: (db: Db) => T): T => withStore(data, fn);

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' }, {}, (app) => {
    app.addHook('onResponse', async (request) => {
      if (request.url.startsWith('/api/v1/batches/')) batchRequests.push(request.method);
    });
  });
  const dir = await seedDirectory(ts.app);
  unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: dir.city.id });
  batch = await prepareDesktopBatch(data, 3, (i) => ({ name: ['陈一', '林二', '黄三'][i]! }));
});
afterAll(() => ts.stop());

describe('sync round trip', () => {
  it('login: the first login changes the password, the token is kept for the next commands', async () => {
    const noNew = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\n`);
    expect(noNew.code, noNew.stderr).toBe(2);
    expect(noNew.stderr).toMatch(/必须修改密码/);
    const r = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nNewPassw0rd\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/已登录/);
    const status = await cli('status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ signedIn: { username: unit.username }, settings: { serverUrl: ts.url } });
    // The token is readable by this user only, and is not the password.
    const tokenFile = path.join(data, 'sync-token.json');
    if (process.platform !== 'win32') expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(tokenFile, 'utf8')).not.toContain('NewPassw0rd');
  });

  it('push: photos go up, then the batch; the desktop stores what the server answered', async () => {
    const r = await cli('push', '--batch', batch.number, '--timeout', '60');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/服务器已接收 3 人/);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons')).toBe(3);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM blob_owners')).toBe(3);
    desktop((db) => {
      expect(db.prepare('SELECT status, server_version AS v, pending_at AS at FROM persons ORDER BY id').all()).toEqual(
        Array.from({ length: 3 }, () => ({ status: 'submitted', v: 1, at: expect.stringMatching(/县级审核/) })),
      );
      expect(db.prepare('SELECT status FROM batches').pluck().get()).toBe('submitted');
      expect(db.prepare('SELECT state FROM outbox').pluck().all()).toEqual(['done']);
    });
    // Pushing again is harmless and cheap: one HEAD compares the content hash; no batch JSON goes
    // out, and nothing is queued or logged on the desktop.
    const audit = desktop((db) => db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get());
    batchRequests.length = 0;
    const again = await cli('push', '--batch', batch.number, '--timeout', '60');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/内容相同/);
    expect(batchRequests).toEqual(['HEAD']);
    desktop((db) => {
      expect(db.prepare('SELECT state FROM outbox').pluck().all()).toEqual(['done']);
      expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(audit);
    });
  });

  it('a rejection with a comment comes back on pull, with the review record', async () => {
    const list = await pending(county.token);
    const byName = Object.fromEntries(list.persons.map((p) => [p.name, p]));
    expect((await decide(county.token, [byName['陈一']!, byName['黄三']!], 'approved')).status).toBe(200);
    expect((await decide(county.token, [byName['林二']!], 'rejected', '照片不是近期照片，请更换后重新提交。')).status).toBe(200);
    const r = await cli('pull', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decisions: 3, rejected: 1, approved: 0 });
    desktop((db) => {
      const rows = db.prepare('SELECT name, status, review_comment AS comment, reviewer FROM persons ORDER BY id').all() as Array<{ name: string; status: string; comment: string; reviewer: string }>;
      expect(rows.map((p) => [p.name, p.status])).toEqual([['陈一', 'county_approved'], ['林二', 'rejected'], ['黄三', 'county_approved']]);
      expect(rows[1]!.comment).toBe('照片不是近期照片，请更换后重新提交。');
      expect(rows[1]!.reviewer).toMatch(/青秀区司法局/);
      expect(db.prepare('SELECT COUNT(*) FROM review_records').pluck().get()).toBe(3);
      expect(listReturned(db)).toEqual([expect.objectContaining({ name: '林二', comment: '照片不是近期照片，请更换后重新提交。', resubmit: false })]);
    });
    // Pulling again changes nothing.
    expect(JSON.parse((await cli('pull', '--json')).stdout)).toMatchObject({ decisions: 0 });
  });

  it('the clerk edits the returned person (saving sends nothing); 重新提交 sends it as version 2, the record kept', async () => {
    const rejectedId = batch.personIds[1]!;
    desktop((db) => {
      const svc = new RegistrationService(db, { tables: loadCodeTables(), actor: { name: '测试员', now: () => new Date() }, today: () => '2026-11-23' });
      svc.updatePerson(rejectedId, { major: '行政管理' });
      expect(db.prepare('SELECT resubmit FROM persons WHERE id = ?').pluck().get(rejectedId)).toBe(0);
      expect(db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'queued'").pluck().get()).toBe(0);
      svc.resubmit(rejectedId);
      expect(db.prepare('SELECT resubmit FROM persons WHERE id = ?').pluck().get(rejectedId)).toBe(1);
      expect(db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'queued'").pluck().get()).toBe(1);
    });
    const r = await cli('push', '--batch', batch.number, '--timeout', '60');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/已重新提交 1 人/);
    desktop((db) => {
      expect(db.prepare('SELECT status, server_version AS v, resubmit FROM persons WHERE id = ?').get(rejectedId)).toEqual({ status: 'submitted', v: 2, resubmit: 0 });
      expect(listReviewRecords(db, rejectedId)).toEqual([expect.objectContaining({ version: 1, level: 'county', result: 'rejected' })]);
      expect(listReturned(db)).toEqual([]);
    });
  });

  it('final approval at both levels; the study accounts are pulled down', async () => {
    const c = await pending(county.token);
    expect(c.persons.map((p) => [p.name, p.version])).toEqual([['林二', 2]]);
    expect((await decide(county.token, c.persons, 'approved')).status).toBe(200);
    const top = await pending(city.token);
    expect(top.persons).toHaveLength(3);
    expect((await decide(city.token, top.persons, 'approved')).status).toBe(200);
    const r = await cli('pull', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ approved: 3, studyAccounts: 3 });
    desktop((db) => {
      expect(db.prepare('SELECT DISTINCT status FROM persons').pluck().all()).toEqual(['approved']);
      // The returned person's whole history: rejected in version 1, then passed twice in version 2.
      expect(listReviewRecords(db, batch.personIds[1]!).map((r) => [r.version, r.level, r.result])).toEqual([[1, 'county', 'rejected'], [2, 'county', 'approved'], [2, 'city', 'approved']]);
      const accounts = db.prepare('SELECT name, username, initial_password AS pw FROM study_accounts ORDER BY name').all() as Array<{ name: string; username: string; pw: string }>;
      expect(accounts.map((a) => a.username)).toEqual(expect.arrayContaining([expect.stringMatching(/^陈一19910305$/), expect.stringMatching(/^林二19910305$/), expect.stringMatching(/^黄三19910305$/)]));
      expect(accounts.every((a) => /^(?=.*[A-Za-z])(?=.*\d).{10}$/.test(a.pw))).toBe(true);
    });
    const status = await cli('status');
    expect(status.stdout).toMatch(/审核通过 3/);
    expect(status.stdout).toMatch(/学习账号 3 个/);
  });

  it('study records and exam scores the administrator imports reach the unit on its next pull', async () => {
    const study = ['序号,姓名,身份证号,手机号,地区,单位,更新时间,开始时间,学习状态,结束时间,考试状态,考试成绩,考试完成时间,学习总时长,学习总时长,学习总时长'];
    const exam = ['序号,姓名,身份证号,手机号,所属地区,工作单位,更新时间,是否通过,考试成绩,考试时长,正式考试次数,开始考试时间,考试结束时间,同步时间'];
    batch.idNumbers.forEach((id, i) => {
      study.push(`${i + 1},${batch.names[i]},${id},,青秀区,青秀区市场监督管理局,2026-11-20 10:00:00,2026-11-01 09:00:00,学习完成,2026-11-10 17:00:00,已考试,86,2026-11-12 10:00:00,20,5,25`);
      exam.push(`${i + 1},${batch.names[i]},${id},,青秀区,青秀区市场监督管理局,2026-11-20 10:00:00,是,${80 + i},60,1,2026-11-12 09:00:00,2026-11-12 10:00:00,2026-11-20 10:00:00`);
    });
    fs.writeFileSync(path.join(root, 'study.csv'), study.join('\r\n'));
    fs.writeFileSync(path.join(root, 'exam.csv'), exam.join('\r\n'));
    const actor = { userId: null, name: 'test', now: () => new Date() };
    expect((await importRecordFile(ts.app.db, 'study_record', path.join(root, 'study.csv'), actor)).added).toBe(3);
    expect((await importRecordFile(ts.app.db, 'exam_score', path.join(root, 'exam.csv'), actor)).added).toBe(3);

    const r = await cli('pull', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ studyRecords: 3, examScores: 3, decisions: 0 });
    desktop((db) => {
      const scores = db.prepare('SELECT name, score FROM exam_scores ORDER BY name').all() as Array<{ name: string; score: string }>;
      expect(scores.map((x) => [x.name, (JSON.parse(x.score) as { score: string; passed: string }).score])).toEqual([['林二', '81'], ['陈一', '80'], ['黄三', '82']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
      const rec = JSON.parse(db.prepare('SELECT record FROM study_records WHERE name = ?').pluck().get('陈一') as string) as { studyStatus: string; studyDurations: string[] };
      expect(rec).toMatchObject({ studyStatus: '学习完成', studyDurations: ['20', '5', '25'] });
    });
  });
});
