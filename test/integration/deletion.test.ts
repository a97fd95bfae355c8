import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import type { DesktopHandlers } from '../../src-main/services/desktop-handlers.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { claimDue, getJob, markBatchSent } from '../../src-main/store/outbox-repo.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { guangxiPortrait, prepareDesktopBatch, type DesktopBatch } from '../helpers/desktop-batch.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * 删除 and 撤回 (issue 17) through the window's handlers, against a real SQLite store and real blob
 * files: what goes, what stays (a file another batch uses), what is refused (and that a refusal
 * changes nothing), and the audit entries.
 */
const root = tempDir('zfbm-delete-');
const data = path.join(root, 'desk');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
let db: Db;
let h: DesktopHandlers;
let blobs: BlobStore;
let a: DesktopBatch;
let b: DesktopBatch;

type Ok<T> = { ok: true; value: T };
async function ok<T = unknown>(method: string, input: unknown): Promise<T> {
  const r = await h.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return (r as Ok<T>).value;
}

const count = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
/** Every table a deletion touches, as one comparable picture. */
function snapshot() {
  return Object.fromEntries(['batches', 'persons', 'photos', 'evidence', 'blobs', 'outbox', 'audit_log'].map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}
const photoSha = (personId: number) => db.prepare('SELECT sha256 FROM photos WHERE person_id = ? AND current = 1').pluck().get(personId) as string;
const blobKept = (sha: string) => count('SELECT COUNT(*) FROM blobs WHERE sha256 = ?', sha) === 1 && fs.existsSync(blobs.pathOf(sha));
const blobGone = (sha: string) => count('SELECT COUNT(*) FROM blobs WHERE sha256 = ?', sha) === 0 && !fs.existsSync(blobs.pathOf(sha));
const audit = (action: string) => db.prepare('SELECT actor, entity_id AS entityId, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as Array<{ actor: string; entityId: string; detail: string }>;

beforeAll(async () => {
  a = await prepareDesktopBatch(data, 3);
  b = await prepareDesktopBatch(data, 2);
  db = openStore(data);
  blobs = new BlobStore(db, data);
  h = makeHandlers(db, data);
  // Batch B's first person gets the very photo of A's first (one blob, two rows), and both batches
  // carry the same evidence file; A has one of its own too.
  await ok('settings.setPhotoSpec', { name: 'guangxi' }); // the spec prepareDesktopBatch's photos pass
  const shared = path.join(root, 'shared.jpg');
  fs.writeFileSync(shared, blobs.read(photoSha(a.personIds[0]!)));
  await ok('photos.attach', { personId: b.personIds[0], file: shared });
  const pdf = path.join(root, '三定方案.pdf');
  fs.writeFileSync(pdf, PDF);
  const own = path.join(root, '在编证明.jpg');
  fs.writeFileSync(own, await guangxiPortrait(987));
  await ok('evidence.add', { batchId: a.batchId, file: pdf, kind: '三定方案' });
  await ok('evidence.add', { batchId: b.batchId, file: pdf, kind: '三定方案' });
  await ok('evidence.add', { batchId: a.batchId, file: own, kind: '在编证明' });
});
afterAll(() => db.close());

describe('删除 and 撤回', () => {
  it('refuses to delete from a queued batch, changing nothing; 撤回 makes it 填报中 again', async () => {
    const { jobId } = await ok<{ jobId: number }>('sync.submit', { batchId: a.batchId });
    const before = snapshot();
    const person = await h.handle('persons.delete', { personId: a.personIds[1] });
    expect(person).toMatchObject({ ok: false, error: { code: 'not_deletable', message: expect.stringMatching(/已加入待提交队列.*“人员提交”中点“撤回”/) } });
    expect(await h.handle('batches.deletePreview', { batchId: a.batchId })).toMatchObject({ ok: false, error: { code: 'not_deletable', message: expect.stringMatching(/撤回/) } });
    expect(await h.handle('batches.delete', { batchId: a.batchId })).toMatchObject({ ok: false, error: { code: 'not_deletable' } });
    expect(snapshot()).toEqual(before);

    expect(await ok('sync.withdraw', { jobId })).toEqual({ batchId: a.batchId, batchNumber: a.number });
    expect(getJob(db, jobId)!.state).toBe('cancelled');
    expect((await ok<{ status: string }>('batches.get', { batchId: a.batchId })).status).toBe('draft');
    expect(audit('batch.withdraw')).toEqual([{ actor: '测试员', entityId: a.batchId, detail: `批次 ${a.number} 已从待提交队列撤回，回到填报中` }]);
    // Nothing left to take back.
    expect(await h.handle('sync.withdraw', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses 撤回 while a push holds the job or once the batch went out unanswered, changing nothing', async () => {
    const { jobId } = await ok<{ jobId: number }>('sync.submit', { batchId: b.batchId });
    claimDue(db, new Date(), jobId); // a push is on it now, under a fresh lease
    let before = snapshot();
    expect(await h.handle('sync.withdraw', { jobId })).toMatchObject({ ok: false, error: { code: 'not_withdrawable', message: expect.stringMatching(/正在上传/) } });
    expect(await h.handle('persons.delete', { personId: b.personIds[1] })).toMatchObject({ ok: false, error: { code: 'not_deletable', message: expect.stringMatching(/正在上传/) } });
    expect(snapshot()).toEqual(before);
    // Its lease passed, but its pusher (this process) is alive and may carry on sending: still refused.
    db.prepare("UPDATE outbox SET lease_until = ? WHERE id = ?").run(new Date(Date.now() - 60_000).toISOString(), jobId);
    before = snapshot();
    expect(await h.handle('sync.withdraw', { jobId })).toMatchObject({ ok: false, error: { code: 'not_withdrawable', message: expect.stringMatching(/正在上传/) } });
    expect(snapshot()).toEqual(before);

    // The push ended without an answer after the batch itself was sent: the server may have it.
    db.prepare("UPDATE outbox SET state = 'queued', lease_until = '' WHERE id = ?").run(jobId);
    markBatchSent(db, jobId, new Date());
    before = snapshot();
    expect(await h.handle('sync.withdraw', { jobId })).toMatchObject({ ok: false, error: { code: 'not_withdrawable', message: expect.stringMatching(/已发到服务器.*同步/) } });
    expect(snapshot()).toEqual(before);

    // The server said no (a failed job): nothing of it is there, so it can be taken back.
    db.prepare("UPDATE outbox SET state = 'failed' WHERE id = ?").run(jobId);
    await ok('sync.withdraw', { jobId });
    expect((await ok<{ status: string }>('batches.get', { batchId: b.batchId })).status).toBe('draft');
  });

  it('refuses to delete a person the server has seen, changing nothing', async () => {
    db.prepare("UPDATE persons SET status = 'rejected', server_version = 1 WHERE id = ?").run(b.personIds[1]);
    const before = snapshot();
    expect(await h.handle('persons.delete', { personId: b.personIds[1] })).toMatchObject({
      ok: false,
      error: { code: 'not_deletable', message: expect.stringMatching(/已被退回.*“人员退回”/) },
    });
    expect(await h.handle('batches.deletePreview', { batchId: b.batchId })).toMatchObject({ ok: false, error: { code: 'not_deletable', message: expect.stringMatching(/已提交/) } });
    expect(await h.handle('batches.delete', { batchId: b.batchId })).toMatchObject({ ok: false, error: { code: 'not_deletable' } });
    expect(snapshot()).toEqual(before);
    db.prepare("UPDATE persons SET status = 'draft', server_version = 0 WHERE id = ?").run(b.personIds[1]);
  });

  it('deletes a draft person with their photos; a photo file another person uses stays', async () => {
    const own = photoSha(a.personIds[1]!);
    const p = await ok('persons.delete', { personId: a.personIds[1] });
    expect(p).toEqual({ personId: a.personIds[1], batchId: a.batchId, name: a.names[1], idNumber: a.idNumbers[1] });
    expect(count('SELECT COUNT(*) FROM persons WHERE id = ?', a.personIds[1])).toBe(0);
    expect(count('SELECT COUNT(*) FROM photos WHERE person_id = ?', a.personIds[1])).toBe(0);
    expect(blobGone(own)).toBe(true);
    expect(audit('person.delete').at(-1)).toEqual({ actor: '测试员', entityId: String(a.personIds[1]), detail: `从批次 ${a.number} 删除 ${a.names[1]} ${a.idNumbers[1]}` });
    expect((await ok<{ persons: number }>('batches.get', { batchId: a.batchId })).persons).toBe(2);
    expect(await h.handle('persons.delete', { personId: a.personIds[1] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('deletes a stray (无姓名) person added with nothing filled in', async () => {
    const stray = await ok<{ id: number; errorCount: number }>('persons.add', { batchId: b.batchId, fields: {} });
    expect(stray.errorCount).toBeGreaterThan(0);
    await ok('persons.delete', { personId: stray.id });
    expect(count('SELECT COUNT(*) FROM persons WHERE id = ?', stray.id)).toBe(0);
    expect(audit('person.delete').at(-1)!.detail).toBe(`从批次 ${b.number} 删除 （无姓名）`);
  });

  it('deletes a draft batch with its people, photos and evidence; files batch B still uses stay', async () => {
    const sharedPhoto = photoSha(a.personIds[0]!);
    const ownPhoto = photoSha(a.personIds[2]!);
    const evidence = db.prepare('SELECT file_name AS f, sha256 FROM evidence WHERE batch_id = ?').all(a.batchId) as Array<{ f: string; sha256: string }>;
    const sharedPdf = evidence.find((e) => e.f === '三定方案.pdf')!.sha256;
    const ownEvidence = evidence.find((e) => e.f !== '三定方案.pdf')!.sha256;
    expect(photoSha(b.personIds[0]!)).toBe(sharedPhoto);

    const preview = await ok('batches.deletePreview', { batchId: a.batchId });
    expect(preview).toMatchObject({ batchId: a.batchId, number: a.number, persons: 2, photos: 2, evidence: 2 });
    expect(count('SELECT COUNT(*) FROM batches WHERE id = ?', a.batchId)).toBe(1); // the preview deletes nothing
    expect(await ok('batches.delete', { batchId: a.number })).toEqual(preview); // by the number the clerk sees, too

    expect(count('SELECT COUNT(*) FROM batches WHERE id = ?', a.batchId)).toBe(0);
    expect(count('SELECT COUNT(*) FROM persons WHERE batch_id = ?', a.batchId)).toBe(0);
    expect(count('SELECT COUNT(*) FROM photos WHERE person_id IN (?, ?, ?)', ...a.personIds)).toBe(0);
    expect(count('SELECT COUNT(*) FROM evidence WHERE batch_id = ?', a.batchId)).toBe(0);
    expect(count('SELECT COUNT(*) FROM outbox WHERE batch_id = ?', a.batchId)).toBe(0);
    expect(blobGone(ownPhoto)).toBe(true);
    expect(blobGone(ownEvidence)).toBe(true);
    expect(blobKept(sharedPhoto)).toBe(true);
    expect(blobKept(sharedPdf)).toBe(true);
    // Batch B is whole: its photo and its evidence still read.
    expect((await ok<{ dataUrl: string | null }>('photos.preview', { personId: b.personIds[0] })).dataUrl).toMatch(/^data:image\//);
    expect(blobs.read(sharedPdf)).toEqual(PDF);

    expect(audit('batch.delete')).toEqual([{ actor: '测试员', entityId: a.batchId, detail: `删除批次 ${a.number}（${(preview as { name: string }).name}）：2 人、2 张照片、2 份佐证资料` }]);
    expect(audit('person.delete').filter((e) => e.detail.startsWith(`随批次 ${a.number} 删除`)).map((e) => e.detail)).toEqual([
      `随批次 ${a.number} 删除 ${a.names[0]} ${a.idNumbers[0]}`,
      `随批次 ${a.number} 删除 ${a.names[2]} ${a.idNumbers[2]}`,
    ]);
    expect((await ok<Array<{ id: string }>>('batches.list', {})).map((x) => x.id)).toEqual([b.batchId]);
    expect(await h.handle('batches.delete', { batchId: a.batchId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
