import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePasswordResponseSchema,
  loginResponseSchema,
  meResponseSchema,
  logoutResponseSchema,
} from '../../src-shared/contract/sync-api.js';
import { auditFor } from '../../src-server/db/audit.js';
import { rawRows } from '../../src-server/db/sql.js';
import { resetPassword, setDisabled } from '../../src-server/accounts/accounts.js';
import { call, expectError, login, readyUser, seedDirectory, seedUser, startTestServer, type TestServer } from './server-helpers.js';

const HOUR = 3_600_000;
let ts: TestServer;
let dir: Awaited<ReturnType<typeof seedDirectory>>;

beforeAll(async () => {
  // A generous per-address limit here: every test logs in from 127.0.0.1. The throttle has its own servers
  // in auth-throttle.test.ts.
  ts = await startTestServer({ ipMaxUsers: 1000 });
  dir = await seedDirectory(ts.app);
});
afterAll(() => ts.stop());

describe('login', () => {
  it('answers a token, its expiry and the account, as the contract says', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
    expect(res.status, res.text).toBe(200);
    const body = loginResponseSchema.parse(res.body);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.mustChangePassword).toBe(true);
    expect(Date.parse(body.expiresAt) - ts.clock.now().getTime()).toBeGreaterThan(12 * HOUR - 60_000);
    expect(Date.parse(body.expiresAt) - ts.clock.now().getTime()).toBeLessThanOrEqual(12 * HOUR);
    expect(body.user).toMatchObject({
      username: u.username,
      role: 'unit',
      unit: { id: dir.unit.id, name: dir.unit.name },
      jurisdiction: { id: dir.county.id, level: 'county' },
      reviewLevel: null,
      mustChangePassword: true,
    });
    // Only the token's SHA-256 is stored.
    const rows = (await rawRows(ts.app.db, 'SELECT token_hash FROM sessions')) as Array<{ token_hash: string }>;
    expect(rows.some((r) => r.token_hash === body.token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('ignores the case of Latin letters in the user name and spaces around it', async () => {
    const u = await seedUser(ts.app, 'admin');
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: `  ${u.username.toUpperCase()} `, password: u.password } });
    expect(res.status, res.text).toBe(200);
  });

  it('refuses a wrong password and an unknown user with the same 401 and Chinese message', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const wrong = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'Wrong1234' } });
    const msg1 = expectError(wrong, 401, 'auth.invalid_credentials');
    const unknown = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: 'nobody-here', password: 'Wrong1234' } });
    const msg2 = expectError(unknown, 401, 'auth.invalid_credentials');
    expect(msg1).toBe(msg2);
    expect(msg1).toContain('用户名或密码不对');
    expect((await auditFor(ts.app.db, 'user', u.id)).map((a) => a.action)).toContain('login.failed');
  });

  it('refuses a body without user name or password with a 400 that says which', async () => {
    expect(expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { password: 'x' } }), 400, 'request.invalid')).toContain('用户名');
    expect(expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: 'x' } }), 400, 'request.invalid')).toContain('密码');
    expect(expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: [1, 2] }), 400, 'request.invalid')).toContain('JSON 对象');
  });

  it('locks the account after 5 wrong passwords in a row, answering exactly like a wrong password, and lets an admin reset lift it', async () => {
    const u = await seedUser(ts.app, 'reviewer', { jurisdictionId: dir.county.id });
    const answers = [];
    for (let i = 1; i <= 5; i++) {
      answers.push(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: `Wrong${i}abc` } }));
    }
    // Locked: even the right password is refused, and in the very words of a wrong one (no user-name oracle).
    answers.push(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }));
    const messages = answers.map((a) => expectError(a, 401, 'auth.invalid_credentials'));
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/连续输错 5 次账号会被锁定 15 分钟/);
    expect(answers.every((a) => a.headers.get('retry-after') === null)).toBe(true);
    expect(answers.map((a) => a.text)).toEqual(Array(6).fill(answers[0]!.text));
    expect((await auditFor(ts.app.db, 'user', u.id)).map((a) => a.action)).toContain('login.locked');
    expect((await rawRows(ts.app.db, 'SELECT locked_until FROM users WHERE id = ?', [u.id]))[0]!.locked_until).not.toBeNull();

    // An administrator's reset lifts the lock at once.
    const fresh = await resetPassword(ts.app.db, u.id, { userId: null, name: 'test', now: ts.clock.now });
    expect((await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: fresh } })).status).toBe(200);
  });

  it('lets the account in again once the 15 minutes have passed, with a fresh count', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    for (let i = 1; i <= 5; i++) await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: `Nope${i}xyz` } });
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }), 401, 'auth.invalid_credentials');
    ts.clock.advance(15 * 60_000 + 1000);
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'Nope6xyz' } }), 401, 'auth.invalid_credentials');
    expect((await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(200);
  });

  it('lets no more than 5 of many parallel guesses reach the password check', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: `Guess${i}abc` } })),
    );
    // Every answer is the same 401; the audit log shows how many were really checked.
    for (const a of answers) expectError(a, 401, 'auth.invalid_credentials');
    const checked = (await auditFor(ts.app.db, 'user', u.id)).filter((a) => a.action === 'login.failed' || a.action === 'login.locked');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.map((a) => a.action)).toContain('login.locked');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }), 401, 'auth.invalid_credentials');
  });

  it('refuses a disabled account with 403 once the password is right, and ends its sessions', async () => {
    const u = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    await setDisabled(ts.app.db, u.id, true, { userId: null, name: 'test', now: ts.clock.now });
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token: u.token }), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'Wrong999x' } }), 401, 'auth.invalid_credentials');
    expect(expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }), 403, 'auth.disabled')).toContain('停用');
    await setDisabled(ts.app.db, u.id, false, { userId: null, name: 'test', now: ts.clock.now });
    expect((await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(200);
  });
});

describe('tokens', () => {
  it('requires a token for /me, and refuses a malformed or made-up one', async () => {
    expect(expectError(await call(ts.url, 'GET', '/api/v1/me'), 401, 'auth.token_missing')).toContain('请先登录');
    expectError(await call(ts.url, 'GET', '/api/v1/me', { headers: { authorization: 'Basic YWJj' } }), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token: 'short' }), 401, 'auth.token_invalid');
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token: 'A'.repeat(43) }), 401, 'auth.token_invalid');
  });

  it('answers /me for a signed-in account', async () => {
    const u = await readyUser(ts, 'reviewer', { jurisdictionId: dir.city.id });
    const res = await call(ts.url, 'GET', '/api/v1/me', { token: u.token });
    expect(res.status, res.text).toBe(200);
    const me = meResponseSchema.parse(res.body);
    expect(me.user).toMatchObject({ username: u.username, role: 'reviewer', unit: null, reviewLevel: 'city', mustChangePassword: false });
    expect(me.user.jurisdiction).toEqual({ id: dir.city.id, name: dir.city.name, level: 'city' });
  });

  it('refuses a token after logout, and only that token', async () => {
    const u = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const other = await login(ts.url, u.username, u.password);
    const out = await call(ts.url, 'POST', '/api/v1/auth/logout', { token: u.token });
    expect(out.status, out.text).toBe(200);
    expect(logoutResponseSchema.parse(out.body)).toEqual({ ok: true });
    expect(expectError(await call(ts.url, 'GET', '/api/v1/me', { token: u.token }), 401, 'auth.token_invalid')).toContain('重新登录');
    expectError(await call(ts.url, 'POST', '/api/v1/auth/logout', { token: u.token }), 401, 'auth.token_invalid');
    expect((await call(ts.url, 'GET', '/api/v1/me', { token: other })).status).toBe(200);
  });

  it('accepts logout sent with Content-Type: application/json and an empty body', async () => {
    const u = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const res = await call(ts.url, 'POST', '/api/v1/auth/logout', { token: u.token, raw: '', headers: { 'content-type': 'application/json' } });
    expect(res.status, res.text).toBe(200);
  });

  it('refuses a token after its 12 hours', async () => {
    const u = await readyUser(ts, 'admin');
    ts.clock.advance(12 * HOUR - 60_000);
    expect((await call(ts.url, 'GET', '/api/v1/me', { token: u.token })).status).toBe(200);
    ts.clock.advance(60_000);
    const msg = expectError(await call(ts.url, 'GET', '/api/v1/me', { token: u.token }), 401, 'auth.token_expired');
    expect(msg).toContain('登录已过期');
    // Signing in again works.
    expect((await call(ts.url, 'GET', '/api/v1/me', { token: await login(ts.url, u.username, u.password) })).status).toBe(200);
  });
});

describe('first login', () => {
  it('allows only change-password (and logout) until the password is changed', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const token = await login(ts.url, u.username, u.password);
    const msg = expectError(await call(ts.url, 'GET', '/api/v1/me', { token }), 403, 'auth.must_change_password');
    expect(msg).toContain('先修改密码');

    // Wrong current password: 400, and nothing changes.
    const wrongOld = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: 'NotIt123', newPassword: 'GoodPass2026' } });
    expect(expectError(wrongOld, 400, 'auth.old_password_wrong')).toContain('原密码不对');

    // Weak new passwords: 400 with a Chinese explanation of the rule.
    const weak: Array<[string, RegExp]> = [
      ['short1', /至少要 8 位/],
      ['onlyletters', /必须含有数字/],
      ['1234567890', /必须含有字母/],
      [`${u.username}1`, /不能包含用户名/],
      [u.password, /不能和原密码相同/],
    ];
    for (const [newPassword, why] of weak) {
      const res = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: u.password, newPassword } });
      expect(expectError(res, 400, 'auth.weak_password')).toMatch(why);
    }
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token }), 403, 'auth.must_change_password');

    const ok = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: u.password, newPassword: 'GoodPass2026' } });
    expect(ok.status, ok.text).toBe(200);
    expect(changePasswordResponseSchema.parse(ok.body).user.mustChangePassword).toBe(false);

    // The same token now works everywhere; the old password no longer does, the new one does.
    expect((await call(ts.url, 'GET', '/api/v1/me', { token })).status).toBe(200);
    expectError(await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } }), 401, 'auth.invalid_credentials');
    const again = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'GoodPass2026' } });
    expect(loginResponseSchema.parse(again.body).mustChangePassword).toBe(false);
    expect((await auditFor(ts.app.db, 'user', u.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.add', 'login.ok', 'password.change_failed', 'password.change']),
    );
    // Neither password nor token ever reaches the audit log.
    const audit = JSON.stringify(await auditFor(ts.app.db, 'user', u.id));
    expect(audit).not.toContain(u.password);
    expect(audit).not.toContain('GoodPass2026');
    expect(audit).not.toContain(token);
  });

  it('lets a first-login account log out', async () => {
    const u = await seedUser(ts.app, 'admin');
    const token = await login(ts.url, u.username, u.password);
    expect((await call(ts.url, 'POST', '/api/v1/auth/logout', { token })).status).toBe(200);
  });

  it('ends the other sessions of the account when the password changes', async () => {
    const u = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const elsewhere = await login(ts.url, u.username, u.password);
    const res = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token: u.token, body: { oldPassword: u.password, newPassword: 'Another2026x' } });
    expect(res.status, res.text).toBe(200);
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token: elsewhere }), 401, 'auth.token_invalid');
    expect((await call(ts.url, 'GET', '/api/v1/me', { token: u.token })).status).toBe(200);
  });

  it('counts wrong current passwords towards the lockout', async () => {
    const u = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const token = await login(ts.url, u.username, u.password);
    for (let i = 1; i <= 4; i++) {
      expectError(
        await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: `Bad${i}pass`, newPassword: 'GoodPass2026' } }),
        400,
        'auth.old_password_wrong',
      );
    }
    expectError(
      await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: 'Bad5pass', newPassword: 'GoodPass2026' } }),
      423,
      'auth.locked',
    );
    expectError(
      await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: u.password, newPassword: 'GoodPass2026' } }),
      423,
      'auth.locked',
    );
  });

  it('asks for a new password again after an administrator resets it', async () => {
    const u = await readyUser(ts, 'reviewer', { jurisdictionId: dir.county.id });
    const fresh = await resetPassword(ts.app.db, u.id, { userId: null, name: 'test', now: ts.clock.now });
    expectError(await call(ts.url, 'GET', '/api/v1/me', { token: u.token }), 401, 'auth.token_invalid');
    const res = await call(ts.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: fresh } });
    expect(loginResponseSchema.parse(res.body).mustChangePassword).toBe(true);
  });
});
