import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import type { DesktopOutput, PersonDetail } from '../../src-shared/contract/desktop-api.js';
import { setAppSetting } from '../../src-main/store/app-settings.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { ok, refused } from '../helpers/handler-answers.js';
import { validRow } from '../helpers/template-workbook.js';
import { jpegPortrait } from '../helpers/photos.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The person form's backend through the handlers, on a real SQLite file: 添加 without a batch makes a
 * draft batch of the clerk's unit; the code tables come with pinyin initials; a returned person is
 * edited as a draft (保存, 选择照片 and 一键修正 queue nothing) and only 重新提交 sends them, refused
 * while anything is wrong.
 */
const root = tempDir('zfbm-person-form-');
const data = path.join(root, 'desk');
let db: Db;
let h: DesktopHandlers;

const queued = () => db.prepare('SELECT COUNT(*) FROM outbox').pluck().get();
const resubmitFlag = (id: number) => db.prepare('SELECT resubmit FROM persons WHERE id = ?').pluck().get(id);
/** What a pull does with a rejection (sync-service's applyDecision), without a server. */
const returnPerson = (id: number, comment: string) =>
  db.prepare("UPDATE persons SET status = 'rejected', review_comment = ?, reviewer = '青秀区司法局 审核员', reviewed_at = '2026-11-23T10:00:00', server_version = 1 WHERE id = ?").run(comment, id);

beforeAll(async () => {
  db = openStore(data);
  h = makeHandlers(db, data);
  await ok(h.handle('settings.setPhotoSpec', { name: 'guangxi' }));
  setAppSetting(db, 'app.unitName', '福州市市场监督管理局');
});
afterAll(() => db.close());

describe('添加 without a batch', () => {
  it('makes a new draft batch of the unit signed in, named as an import names one', async () => {
    const before = await ok<unknown[]>(h.handle('batches.list', undefined));
    const p = await ok<PersonDetail>(h.handle('persons.add', { fields: { name: '手工一' } }));
    const batches = await ok<Array<DesktopOutput<'batches.get'>>>(h.handle('batches.list', undefined));
    expect(batches.length).toBe(before.length + 1);
    const made = batches.find((b) => b.id === p.batchId)!;
    expect(made).toMatchObject({ status: 'draft', kind: 'new', unit: '福州市市场监督管理局', persons: 1 });
    expect(made.name).toMatch(/^行政执法人员\d{4}-\d{2}-\d{2}\d{2}批次$/);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'batch.create' AND entity_id = ?").pluck().get(made.id)).toBe(1);
    // The live check works before there is a batch, too.
    const issues = await ok<Array<{ field: string; code: string }>>(h.handle('persons.check', { fields: { idNumber: '123' } }));
    expect(issues).toContainEqual(expect.objectContaining({ field: 'idNumber', code: 'id.format' }));
  });
});

describe('reference.codeTables', () => {
  it('answers the tables in force with code, name and the pinyin initials of name and aliases', async () => {
    const t = await ok<DesktopOutput<'reference.codeTables'>>(h.handle('reference.codeTables', undefined));
    const probationer = t.political.entries.find((e) => e.code === '02')!;
    expect([probationer.name, probationer.initials[0]]).toEqual(['中共预备党员', 'zgybdy']);
    expect(t.ethnicity.entries.find((e) => e.name === '维吾尔族')!.initials[0]).toBe('wwez');
    const undergrad = t.education.entries.find((e) => e.name === '大学本科')!;
    expect(undergrad.initials).toEqual(['dxbk', ...(undergrad.aliases ?? []).map(() => expect.any(String))]);
    expect(t.posts.multiple).toBe(true);
  });
});

describe('a returned person is edited as a draft; only 重新提交 sends them', () => {
  let id = 0;
  beforeAll(async () => {
    const p = await ok<PersonDetail>(h.handle('persons.add', { fields: { ...validRow({ name: '退回甲' }), major: '' } as Record<string, string> }));
    id = p.id;
    const photo = path.join(root, 'good.jpg');
    fs.writeFileSync(photo, await jpegPortrait(90, 120, { quality: 80 }));
    await ok(h.handle('photos.attach', { personId: id, file: photo }));
    returnPerson(id, '一、学历填写有误；二、照片不是近期照片，请更换。');
  });

  it('保存 with an error left, 保存 without errors, a new photo and 一键修正 queue nothing', async () => {
    const bad = await ok<PersonDetail>(h.handle('persons.update', { personId: id, fields: { education: '幼儿园' } }));
    expect(bad.errorCount).toBe(1);
    const good = await ok<PersonDetail>(h.handle('persons.update', { personId: id, fields: { education: '本科' } }));
    expect(good).toMatchObject({ status: 'rejected', errorCount: 0, resubmit: false });
    expect(good.fields.education).toBe('大学本科');

    const big = path.join(root, 'big.jpg');
    fs.writeFileSync(big, await jpegPortrait(300, 400, { quality: 95 }));
    const attached = await ok<PersonDetail>(h.handle('photos.attach', { personId: id, file: big }));
    expect(attached.photo!.issues.some((i) => i.severity === 'error')).toBe(true);
    const fixed = await ok<{ changed: boolean; person: PersonDetail }>(h.handle('photos.fix', { personId: id }));
    expect(fixed.changed).toBe(true);
    expect(fixed.person.resubmit).toBe(false);

    expect(queued()).toBe(0);
    expect(resubmitFlag(id)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'person.resubmit'").pluck().get()).toBe(0);
  });

  it('重新提交 is refused while the row or the photo has an error, and queues nothing', async () => {
    await ok(h.handle('persons.update', { personId: id, fields: { political: '99' } }));
    expect(await refused(h.handle('persons.resubmit', { personId: id }), 'not_ready')).toMatch(/1 个错误（政治面貌）/);
    await ok(h.handle('persons.update', { personId: id, fields: { political: '02' } }));

    const tooBig = path.join(root, 'too-big.jpg');
    fs.writeFileSync(tooBig, await jpegPortrait(360, 480, { quality: 95 }));
    await ok(h.handle('photos.attach', { personId: id, file: tooBig }));
    expect(await refused(h.handle('persons.resubmit', { personId: id }), 'not_ready')).toMatch(/照片/);
    expect((await ok<Array<{ personId: number; errorCount: number }>>(h.handle('returned.list', undefined))).find((r) => r.personId === id)!.errorCount).toBeGreaterThan(0);
    await ok(h.handle('photos.fix', { personId: id }));
    expect(queued()).toBe(0);
  });

  it('重新提交 queues the batch once, marks the person, and ends the editing', async () => {
    expect((await ok<Array<{ personId: number; errorCount: number; resubmit: boolean }>>(h.handle('returned.list', undefined))).find((r) => r.personId === id)).toMatchObject({ errorCount: 0, resubmit: false });
    const p = await ok<PersonDetail>(h.handle('persons.resubmit', { personId: id }));
    expect(p).toMatchObject({ status: 'rejected', resubmit: true });
    expect(queued()).toBe(1);
    expect(resubmitFlag(id)).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'person.resubmit' AND entity_id = ?").pluck().get(String(id))).toBe(1);
    expect((await ok<Array<{ personId: number; resubmit: boolean }>>(h.handle('returned.list', undefined))).find((r) => r.personId === id)!.resubmit).toBe(true);

    await refused(h.handle('persons.update', { personId: id, fields: { major: '法律' } }), 'not_editable');
    await refused(h.handle('photos.fix', { personId: id }), 'not_editable');
    await refused(h.handle('persons.resubmit', { personId: id }), 'not_ready');
    expect(queued()).toBe(1);
  });

  it('重新提交 of someone not returned is refused', async () => {
    const draft = await ok<PersonDetail>(h.handle('persons.add', { fields: { name: '草稿乙' } }));
    expect(await refused(h.handle('persons.resubmit', { personId: draft.id }), 'not_ready')).toMatch(/没有被退回/);
  });
});
