import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewPersonResponseSchema } from '../../src-shared/contract/sync-api.js';
import { z } from 'zod';
import { addUnit, addUser } from '../../src-server/accounts/accounts.js';
import { column, get, value } from '../../src-server/db/sql.js';
import { call, expectError, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, PDF_BYTES, photoBytes, putBatch, sha256, uploadBlob } from './sync-helpers.js';

/**
 * Hostile evidence and photo names (issue 13): bidi overrides and other invisible characters are
 * removed, control characters refused, and every file is kept and served under a name that ends in the
 * extension of what its bytes are, in an RFC 5987 Content-Disposition.
 */
let ts: TestServer;
let unit: { token: string };
let reviewer: { token: string };

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
});
afterAll(() => ts.stop());

const RLO = '\u202e';

describe('hostile file names in a batch', () => {
  it('are cleaned and kept with the extension of the sniffed type, and served so', async () => {
    const [d] = await draftPersons(1);
    await uploadBlob(ts.url, unit.token, d!.photo);
    const png = await photoBytes('png');
    const jpeg = await photoBytes('jpeg');
    const files = [
      { bytes: PDF_BYTES, kind: '在编证明' as const, fileName: '说明.bat', want: '说明.pdf' },
      // U+202E shows "gpj.exe" as "exe.jpg"; without it the name reads as it is, and the bytes are a JPEG.
      { bytes: jpeg, kind: '在编证明' as const, fileName: `照片${RLO}gpj.exe`, want: '照片gpj.jpg' },
      { bytes: png, kind: '在编证明' as const, fileName: 'x.pdf.exe', want: 'x.pdf.png' },
    ];
    const evidence = [];
    for (const f of files) evidence.push({ sha256: await uploadBlob(ts.url, unit.token, f.bytes), kind: f.kind, fileName: f.fileName });
    const person = { ...d!.person, photo: { sha256: d!.person.photo!.sha256, fileName: `\u2066证件照\u2069${RLO}gnp.exe` } };
    const id = newBatchId();
    const created = await putBatch(ts.url, unit.token, id, batchBody([person], evidence));
    expect(created.status, created.text).toBe(201);

    const stored = await column(ts.app.db, z.string(), 'SELECT file_name FROM batch_evidence WHERE batch_id = ? ORDER BY file_name', [id]);
    expect(stored.sort()).toEqual(files.map((f) => f.want).sort());
    const photoName = await value(ts.app.db, z.string(), 'SELECT v.photo_file_name FROM person_versions v JOIN persons p ON p.id = v.person_id WHERE p.batch_id = ?', [id]);
    expect(photoName).toBe('证件照gnp.jpg');

    // The same batch sent again (same names as the desktop has them) is unchanged, not a conflict.
    const again = await putBatch(ts.url, unit.token, id, batchBody([person], evidence));
    expect(again.status, again.text).toBe(200);

    // The reviewer sees and downloads the clean names.
    const personId = (await value(ts.app.db, z.number(), 'SELECT id FROM persons WHERE batch_id = ?', [id]))!;
    const view = reviewPersonResponseSchema.parse((await call(ts.url, 'GET', `/api/v1/review/persons/${personId}`, { token: reviewer.token })).body);
    expect(view.evidence.map((e) => e.fileName).sort()).toEqual(files.map((f) => f.want).sort());
    for (const f of files) {
      const res = await fetch(`${ts.url}/api/v1/review/blobs/${sha256(f.bytes)}`, { headers: { authorization: `Bearer ${reviewer.token}` } });
      expect(res.status).toBe(200);
      const cd = res.headers.get('content-disposition') ?? '';
      expect(cd).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1]!)).toBe(f.want);
      expect(cd).not.toMatch(/[^\x20-\x7e]/);
      expect(cd).not.toMatch(/%E2%80%AE/i);
    }
    const photoRes = await fetch(`${ts.url}/api/v1/review/blobs/${d!.person.photo!.sha256}`, { headers: { authorization: `Bearer ${reviewer.token}` } });
    expect(decodeURIComponent(photoRes.headers.get('content-disposition')!.split("filename*=UTF-8''")[1]!)).toBe('证件照gnp.jpg');
  });

  it('a name with control characters is refused with a Chinese reason, nothing kept', async () => {
    const [d] = await draftPersons(1);
    await uploadBlob(ts.url, unit.token, d!.photo);
    const pdf = await uploadBlob(ts.url, unit.token, PDF_BYTES);
    const before = await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches');
    for (const fileName of ['证明\n.pdf', 'a\u0007b.pdf', '\u0000.pdf', `${RLO}\u200b`]) {
      const res = await putBatch(ts.url, unit.token, newBatchId(), batchBody([d!.person], [{ sha256: pdf, kind: '在编证明', fileName }]));
      expect(expectError(res, 400, 'request.invalid')).toMatch(/文件名.*请/);
    }
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM batches')).toBe(before);
  });
});

describe('free text through the shared rules', () => {
  it('strips bidi and other invisible characters from names, agency, major and a rejection comment', async () => {
    const [d] = await draftPersons(1);
    await uploadBlob(ts.url, unit.token, d!.photo);
    const f = d!.person.fields;
    const fields = { ...f, name: `${f.name.slice(0, 1)}\u202e${f.name.slice(1)}\u200f`, agency: `\u2066${f.agency}\u2069`, major: `法学\u202d\u061c` };
    const id = newBatchId();
    const res = await putBatch(ts.url, unit.token, id, batchBody([{ ...d!.person, fields }]));
    expect(res.status, res.text).toBe(201);
    const p = (await get(ts.app.db, z.object({ id: z.number(), fields_json: z.string() }), 'SELECT p.id, v.fields_json FROM persons p JOIN person_versions v ON v.person_id = p.id WHERE p.batch_id = ?', [id]))!;
    const kept = JSON.parse(p.fields_json) as typeof f;
    expect(kept.name).toBe(f.name);
    expect(kept.agency).toBe(f.agency);
    expect(kept.major).toBe('法学');

    const decided = await call(ts.url, 'POST', '/api/v1/review/decisions', {
      token: reviewer.token,
      body: { items: [{ personId: p.id, version: 1 }], result: 'rejected', comment: `照片\u202e不清楚\u200b，\r\n请重拍。\u0007 ` },
    });
    expect(decided.status, decided.text).toBe(200);
    const comment = await value(ts.app.db, z.string(), 'SELECT comment FROM decisions WHERE person_id = ?', [p.id]);
    expect(comment).toBe('照片不清楚，\n请重拍。');
  });

  it('from a batch name and number, and from the names of units, bureaus and users', async () => {
    const [d] = await draftPersons(1);
    await uploadBlob(ts.url, unit.token, d!.photo);
    const id = newBatchId();
    const body = { ...batchBody([d!.person]), name: `\u202e行政执法人员\u200b批次\u2069`, number: `XZZF\u200e2026\u0007` };
    const res = await putBatch(ts.url, unit.token, id, body);
    expect(res.status, res.text).toBe(201);
    expect(await value(ts.app.db, z.string(), "SELECT name || '|' || number FROM batches WHERE id = ?", [id])).toBe('行政执法人员批次|XZZF2026');

    const actor = { userId: null, name: 'test', now: () => new Date() };
    const jurisdictionId = (await value(ts.app.db, z.number(), 'SELECT id FROM jurisdictions ORDER BY id LIMIT 1'))!;
    const u = await addUnit(ts.app.db, { name: `\u2067某某\u202e局（执法\n支队）\u2069`, jurisdictionId }, actor);
    expect(u.name).toBe('某某局（执法 支队）');
    const { user } = await addUser(ts.app.db, { username: `fn_${Date.now()}`, displayName: '张\u202e三\u200f', role: 'admin', unitId: null, jurisdictionId: null }, actor);
    expect(user.displayName).toBe('张三');
  });
});
