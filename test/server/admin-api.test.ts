import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  adminDirectoryResponseSchema,
  adminJurisdictionSchema,
  adminSettingsResponseSchema,
  adminUnitSchema,
  adminUserPasswordResponseSchema,
  adminUserResponseSchema,
  batchPutResponseSchema,
  decisionResponseSchema,
  referenceResponseSchema,
  reviewPendingResponseSchema,
  SYNC_API,
  type AdminUser,
} from '../../src-shared/contract/sync-api.js';
import { buildServer } from '../../src-server/app.js';
import { auditFor } from '../../src-server/db/audit.js';
import { value } from '../../src-server/db/sql.js';
import { call, expectError, login, readyUser, seedDirectory, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, putBatch, uploadBlob } from './sync-helpers.js';

/**
 * The administrator's HTTP API (web console): the account directory, account changes, and the
 * deployment settings, on the real server. The record imports are in admin-records-api.test.ts.
 */
let ts: TestServer;
type Account = { token: string; username: string; password: string; id: number };
let admin: Account, reviewer: Account, unit: Account, city: Account;
let dir: Awaited<ReturnType<typeof seedDirectory>>;

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 1, photoSpec: 'guangxi' });
  dir = await seedDirectory(ts.app);
  admin = await readyUser(ts, 'admin');
  reviewer = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: dir.city.id });
  unit = await readyUser(ts, 'unit', { unitId: dir.unit.id });
});
afterAll(() => ts.stop());

const as = (a: { token: string }, method: string, route: string, body?: unknown) =>
  call(ts.url, method, `/api/v1${route}`, { token: a.token, ...(body !== undefined ? { body } : {}) });
const adminUserSchemaKeys: Record<keyof AdminUser, true> = {
  id: true, username: true, displayName: true, role: true, unitId: true, unitName: true, jurisdictionId: true, jurisdictionName: true,
  reviewLevel: true, disabled: true, mustChangePassword: true, lockedUntil: true, lastLoginAt: true, createdAt: true,
};
const auditCount = async () => (await value(ts.app.db, z.number(), 'SELECT count(*) AS n FROM audit_log')) ?? 0;

describe('accounts', () => {
  it('lists bureaus, units and users without any password hash', async () => {
    const res = await as(admin, 'GET', '/admin/directory');
    expect(res.status, res.text).toBe(200);
    const d = adminDirectoryResponseSchema.parse(res.body);
    expect(d.jurisdictions.map((j) => [j.name, j.level, j.parentName])).toEqual([
      ['南宁市司法局', 'city', null],
      ['青秀区司法局', 'county', '南宁市司法局'],
    ]);
    expect(d.units).toEqual([{ id: dir.unit.id, name: '青秀区市场监督管理局', jurisdictionId: dir.county.id, jurisdictionName: '青秀区司法局' }]);
    const r = d.users.find((u) => u.id === reviewer.id)!;
    expect(r).toMatchObject({ role: 'reviewer', jurisdictionName: '青秀区司法局', reviewLevel: 'county', disabled: false, mustChangePassword: false, lockedUntil: null });
    expect(r.lastLoginAt).not.toBeNull();
    expect(d.users.find((u) => u.id === unit.id)).toMatchObject({ role: 'unit', unitName: '青秀区市场监督管理局', jurisdictionName: '青秀区司法局' });
    // Exactly the contract's fields: nothing else leaks.
    for (const u of (res.body as { users: object[] }).users) expect(Object.keys(u).sort()).toEqual(Object.keys(adminUserSchemaKeys).sort());
    expect(res.text).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  it('adds a city, a county, a unit and users; duplicates are 409 in Chinese; every change is audited', async () => {
    const c = adminJurisdictionSchema.parse((await as(admin, 'POST', '/admin/jurisdictions', { name: ' 柳州市司法局 ', level: 'city', parentId: null })).body);
    expect(c).toEqual({ id: c.id, name: '柳州市司法局', level: 'city', kind: 'city', parentId: null, parentName: null });
    const k = adminJurisdictionSchema.parse((await as(admin, 'POST', '/admin/jurisdictions', { name: '城中区司法局', level: 'county', parentId: c.id })).body);
    expect(k).toMatchObject({ level: 'county', parentId: c.id, parentName: '柳州市司法局' });
    const u = adminUnitSchema.parse((await as(admin, 'POST', '/admin/units', { name: '城中区城市管理局', jurisdictionId: k.id })).body);
    expect(u).toEqual({ id: u.id, name: '城中区城市管理局', jurisdictionId: k.id, jurisdictionName: '城中区司法局' });

    const added = await as(admin, 'POST', '/admin/users', { username: 'liuzhou.clerk', displayName: '柳州办事员', role: 'unit', unitId: u.id });
    expect(added.status, added.text).toBe(200);
    const clerk = adminUserPasswordResponseSchema.parse(added.body);
    expect(clerk.user).toMatchObject({ username: 'liuzhou.clerk', displayName: '柳州办事员', role: 'unit', unitId: u.id, mustChangePassword: true, disabled: false });
    expect(clerk.initialPassword).toMatch(/^\S{12}$/);
    const rev = adminUserPasswordResponseSchema.parse((await as(admin, 'POST', '/admin/users', { username: 'liuzhou.city', role: 'reviewer', jurisdictionId: c.id })).body);
    expect(rev.user).toMatchObject({ role: 'reviewer', jurisdictionId: c.id, reviewLevel: 'city', unitId: null });

    const before = await auditCount();
    expect(expectError(await as(admin, 'POST', '/admin/jurisdictions', { name: '柳州市司法局', level: 'city', parentId: null }), 409, 'admin.conflict')).toContain('已经存在');
    expectError(await as(admin, 'POST', '/admin/units', { name: '城中区城市管理局', jurisdictionId: k.id }), 409, 'admin.conflict');
    expect(expectError(await as(admin, 'POST', '/admin/users', { username: 'LIUZHOU.clerk', role: 'admin' }), 409, 'admin.conflict')).toContain('已经有人用了');
    expect(expectError(await as(admin, 'POST', '/admin/units', { name: '某单位', jurisdictionId: 99999 }), 404, 'not_found')).toContain('刷新页面');
    expect(expectError(await as(admin, 'POST', '/admin/jurisdictions', { name: '某区司法局', level: 'county', parentId: null }), 400, 'request.invalid')).toContain('市级司法局');
    expectError(await as(admin, 'POST', '/admin/jurisdictions', { name: '某区司法局', level: 'county', parentId: k.id }), 400, 'request.invalid');
    expect(expectError(await as(admin, 'POST', '/admin/users', { username: 'x.y', role: 'unit' }), 400, 'request.invalid')).toContain('执法单位');
    expectError(await as(admin, 'POST', '/admin/users', { username: 'a b', role: 'admin' }), 400, 'request.invalid');
    expectError(await as(admin, 'POST', '/admin/users', { username: 'x.z', role: 'root' }), 400, 'request.invalid');
    expect(await auditCount()).toBe(before);

    for (const [entity, id, action] of [['jurisdiction', c.id, 'jurisdiction.add'], ['unit', u.id, 'unit.add'], ['user', clerk.user.id, 'user.add']] as const) {
      expect(await auditFor(ts.app.db, entity, id)).toEqual([expect.objectContaining({ action, actorUserId: admin.id, actor: admin.username, ip: '127.0.0.1' })]);
    }
    // The new clerk can sign in with the password handed over, and must change it first.
    const first = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: 'liuzhou.clerk', password: clerk.initialPassword } });
    expect((first.body as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
  });

  it('resets a password: the new one works once and must be changed; old sessions end', async () => {
    const target = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const res = await as(admin, 'POST', `/admin/users/${target.id}/reset-password`);
    expect(res.status, res.text).toBe(200);
    const { user, initialPassword } = adminUserPasswordResponseSchema.parse(res.body);
    expect(user).toMatchObject({ id: target.id, mustChangePassword: true });
    expectError(await as(target, 'GET', '/me'), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: target.username, password: target.password } }), 401, 'auth.invalid_credentials');

    const token = await login(ts.url, target.username, initialPassword);
    expectError(await call(ts.url, 'GET', '/api/v1/changes?since=0', { token }), 403, 'auth.must_change_password');
    const changed = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: initialPassword, newPassword: 'Fresh1234x' } });
    expect(changed.status, changed.text).toBe(200);
    expect((await call(ts.url, 'GET', '/api/v1/changes?since=0', { token })).status).toBe(200);
    // Once changed, the handed-over password no longer opens the account.
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: target.username, password: initialPassword } }), 401, 'auth.invalid_credentials');
    expect((await auditFor(ts.app.db, 'user', target.id)).some((a) => a.action === 'user.reset_password' && a.actor === admin.username)).toBe(true);
    expect(JSON.stringify(await auditFor(ts.app.db, 'user', target.id))).not.toContain(initialPassword);
    expectError(await as(admin, 'POST', '/admin/users/987654/reset-password'), 404, 'not_found');
    expectError(await as(admin, 'POST', '/admin/users/abc/reset-password'), 400, 'request.invalid');
  });

  it('disabling ends the sessions and refuses login; enabling lets the person in again', async () => {
    const target = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    const res = await as(admin, 'POST', `/admin/users/${target.id}/disable`);
    expect(res.status, res.text).toBe(200);
    expect(adminUserResponseSchema.parse(res.body).user).toMatchObject({ id: target.id, disabled: true });
    expectError(await as(target, 'GET', '/me'), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: target.username, password: target.password } }), 403, 'auth.disabled');

    const on = await as(admin, 'POST', `/admin/users/${target.id}/enable`);
    expect(adminUserResponseSchema.parse(on.body).user.disabled).toBe(false);
    await login(ts.url, target.username, target.password);
    expect((await auditFor(ts.app.db, 'user', target.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));
  });

  it('an administrator cannot disable their own account', async () => {
    const before = await auditCount();
    expect(expectError(await as(admin, 'POST', `/admin/users/${admin.id}/disable`), 400, 'request.invalid')).toContain('另一位管理员');
    expect((await as(admin, 'GET', '/me')).status).toBe(200);
    expect(await auditCount()).toBe(before);
  });

  it('every admin route answers 403 to reviewers and units and 401 to nobody, before reading the body', async () => {
    const routes = Object.values(SYNC_API).filter((r) => r.path.startsWith('/admin/'));
    expect(routes.length).toBeGreaterThanOrEqual(11);
    const before = await auditCount();
    for (const r of routes) {
      const path = `/api/v1${r.path.replace(':userId', String(unit.id)).replace(':kind', 'exam_score')}`;
      const upload = r.path.startsWith('/admin/records/');
      const opts = upload ? { raw: Buffer.from('PK\u0003\u0004'), headers: { 'content-type': 'application/octet-stream' } } : r.method === 'GET' ? {} : { body: {} };
      for (const who of [reviewer, unit]) expectError(await call(ts.url, r.method, path, { token: who.token, ...opts }), 403, 'auth.forbidden');
      expectError(await call(ts.url, r.method, path, opts), 401, 'auth.token_missing');
    }
    expect(await auditCount()).toBe(before);
    expect(adminDirectoryResponseSchema.parse((await as(admin, 'GET', '/admin/directory')).body).users.find((u) => u.id === unit.id)!.disabled).toBe(false);
  });
});

describe('deployment settings', () => {
  const settings = async () => adminSettingsResponseSchema.parse((await as(admin, 'GET', '/admin/settings')).body);
  const reference = async () => referenceResponseSchema.parse((await as(unit, 'GET', '/reference')).body);
  /** A new batch of one person; answers where the person waits. */
  const submit = async (name: string) => {
    const drafts = await draftPersons(1, () => ({ name }));
    for (const d of drafts) await uploadBlob(ts.url, unit.token, d.photo);
    return putBatch(ts.url, unit.token, newBatchId(), batchBody(drafts.map((d) => d.person)));
  };
  const approveAtCounty = async (personId: number) => {
    const res = await as(reviewer, 'POST', '/review/decisions', { items: [{ personId, version: 1 }], result: 'approved' });
    expect(res.status, res.text).toBe(200);
    return decisionResponseSchema.parse(res.body).decided[0]!.status;
  };
  const pending = async (who: Account) => reviewPendingResponseSchema.parse((await as(who, 'GET', '/review/pending')).body).persons;
  const pendingIds = async (who: Account) => (await pending(who)).map((p) => p.personId);
  const waitingId = async (who: Account, name: string) => (await pending(who)).find((p) => p.name === name)!.personId;

  it('shows the values from the flags, with every photo spec to choose from', async () => {
    const s = await settings();
    expect(s.reviewStages).toBe(1);
    expect(s.source).toEqual({ reviewStages: 'config', photoSpec: 'config' });
    expect(s.photoSpec).toMatchObject({ id: 'guangxi', formats: ['jpeg'], pixels: { kind: 'exact', width: 90, height: 120 }, maxBytes: 40000, background: 'red' });
    expect(s.photoSpec.name).toMatch(/广西/);
    expect(s.photoSpec.summary).toMatch(/90×120 像素/);
    expect(s.photoSpecs.map((p) => p.id)).toEqual(['fujian', 'guangxi', 'national-exam']);
  });

  it('refuses an unknown photo spec with the list of valid ones, changing nothing', async () => {
    const before = await auditCount();
    const msg = expectError(await as(admin, 'PUT', '/admin/settings', { reviewStages: 2, photoSpec: 'shanghai' }), 400, 'request.invalid');
    expect(msg).toContain('fujian');
    expect(msg).toContain('national-exam');
    expectError(await as(admin, 'PUT', '/admin/settings', { reviewStages: 3 }), 400, 'request.invalid');
    expect(await auditCount()).toBe(before);
    expect((await settings()).source).toEqual({ reviewStages: 'config', photoSpec: 'config' });
  });

  it('a new photo spec is in force at once: GET /reference and the photo check of a batch', async () => {
    const res = await as(admin, 'PUT', '/admin/settings', { photoSpec: 'fujian' });
    expect(res.status, res.text).toBe(200);
    expect(adminSettingsResponseSchema.parse(res.body)).toMatchObject({ photoSpec: { id: 'fujian' }, source: { photoSpec: 'admin', reviewStages: 'config' } });
    expect((await reference()).photoSpec.name).toBe('fujian');
    // The test photos are Guangxi's 90×120 JPEGs: Fujian asks for PNG.
    expectError(await submit('周一'), 422, 'batch.invalid_rows');
    expect(await auditFor(ts.app.db, 'setting', 'photo_spec')).toEqual([
      expect.objectContaining({ action: 'setting.update', actor: admin.username, detail: JSON.stringify({ value: 'fujian', previous: 'guangxi', previousSource: 'config' }) }),
    ]);
    await as(admin, 'PUT', '/admin/settings', { photoSpec: 'guangxi' });
  });

  it('review stages: two sends a newly approved county person on to the city; back to one, people already waiting stay', async () => {
    expect((await as(admin, 'PUT', '/admin/settings', { reviewStages: 2 })).status).toBe(200);
    expect((await reference()).reviewStages).toBe(2);
    const sent = await submit('吴二');
    expect(sent.status, sent.text).toBe(201);
    const first = batchPutResponseSchema.parse(sent.body).persons[0]!;
    expect(first.pendingAt?.level).toBe('county');
    const wu = await waitingId(reviewer, '吴二');
    expect(await approveAtCounty(wu)).toBe('county_approved');
    expect(await pendingIds(city)).toContain(wu);

    expect((await as(admin, 'PUT', '/admin/settings', { reviewStages: 1 })).status).toBe(200);
    expect((await reference()).reviewStages).toBe(1);
    // 吴二 waits at the city as before; someone new is decided by the county alone.
    expect(await pendingIds(city)).toContain(wu);
    const again = await submit('郑三');
    expect(again.status, again.text).toBe(201);
    expect(await approveAtCounty(await waitingId(reviewer, '郑三'))).toBe('approved');
    expect((await auditFor(ts.app.db, 'setting', 'review_stages')).map((a) => JSON.parse(a.detail) as unknown)).toEqual([
      { value: '2', previous: 1, previousSource: 'config' },
      { value: '1', previous: 2, previousSource: 'admin' },
    ]);
  });

  it('keeps the choice across a restart on the same data directory, over the flags', async () => {
    await as(admin, 'PUT', '/admin/settings', { reviewStages: 2, photoSpec: 'national-exam' });
    await ts.app.close();
    // Same flags as before (1 stage, guangxi): the administrator's choice wins.
    const again = await buildServer(ts.config, { logger: false });
    try {
      const url = await again.listen({ port: 0, host: '127.0.0.1' });
      const s = adminSettingsResponseSchema.parse((await call(url, 'GET', '/api/v1/admin/settings', { token: admin.token })).body);
      expect(s).toMatchObject({ reviewStages: 2, photoSpec: { id: 'national-exam' }, source: { reviewStages: 'admin', photoSpec: 'admin' } });
      const ref = referenceResponseSchema.parse((await call(url, 'GET', '/api/v1/reference', { token: unit.token })).body);
      expect([ref.reviewStages, ref.photoSpec.name]).toEqual([2, 'national-exam']);
    } finally {
      await again.close();
    }
  });
});
