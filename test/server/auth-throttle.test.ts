import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src-server/config.js';
import { call, expectError, readyUser, seedDirectory, seedUser, startTestServer, type TestServer } from './server-helpers.js';
import { rawRows } from '../../src-server/db/sql.js';

/**
 * Sign-in throttling keyed on address and user name (issue 13): one person's typos never lock out
 * colleagues behind the same NAT or proxy, X-Forwarded-For counts only from TRUST_PROXY, and nothing
 * in the answer tells a locked or unknown name from a wrong password.
 */

const login = (url: string, username: string, password: string, headers: Record<string, string> = {}) =>
  call(url, 'POST', '/api/v1/auth/login', { body: { username, password }, headers });

describe('one address, many people (the default settings)', () => {
  let ts: TestServer;
  let dir: Awaited<ReturnType<typeof seedDirectory>>;
  beforeAll(async () => {
    ts = await startTestServer();
    dir = await seedDirectory(ts.app);
  });
  afterAll(() => ts.stop());

  it('40 wrong passwords for other user names from one address leave a correct login for another account working', async () => {
    const colleague = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const others = await Promise.all(Array.from({ length: 10 }, () => seedUser(ts.app, 'unit', { unitId: dir.unit.id })));
    const names = [...others.map((o) => o.username), ...Array.from({ length: 30 }, (_, i) => `nobody${i}_${Date.now()}`)];
    for (let i = 0; i < names.length; i += 4) {
      const batch = names.slice(i, i + 4);
      for (const a of await Promise.all(batch.map((n) => login(ts.url, n, 'Wrong123x')))) expectError(a, 401, 'auth.invalid_credentials');
    }
    const ok = await login(ts.url, colleague.username, colleague.password);
    expect(ok.status, ok.text).toBe(200);
  });

  it("one user's 5 typos lock only that user: a colleague at the same address signs in", async () => {
    const clumsy = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    const colleague = await readyUser(ts, 'unit', { unitId: dir.unit.id });
    for (let i = 1; i <= 5; i++) expectError(await login(ts.url, clumsy.username, `Typo${i}abc`), 401, 'auth.invalid_credentials');
    expectError(await login(ts.url, clumsy.username, clumsy.password), 401, 'auth.invalid_credentials');
    expect((await login(ts.url, colleague.username, colleague.password)).status).toBe(200);
    // Once the 15 minutes are over the clumsy one gets in too.
    ts.clock.advance(15 * 60_000 + 1000);
    expect((await login(ts.url, clumsy.username, clumsy.password)).status).toBe(200);
  });

  it('a locked account, an unknown name and a wrong password answer identically, after similar scrypt work', async () => {
    const locked = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    const plain = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
    for (let i = 1; i <= 5; i++) await login(ts.url, locked.username, `Lock${i}abc`);
    const timed = async (username: string, password: string) => {
      const t0 = performance.now();
      const a = await login(ts.url, username, password);
      return { a, ms: performance.now() - t0 };
    };
    const wrong: number[] = [];
    const lockedRight: number[] = [];
    const unknown: number[] = [];
    const texts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      // A wrong password for `plain` twice only: it must not get locked itself.
      if (i < 2) {
        const w = await timed(plain.username, `Plain${i}abc`);
        wrong.push(w.ms);
        texts.add(`${w.a.status} ${w.a.text}`);
      }
      const l = await timed(locked.username, locked.password);
      lockedRight.push(l.ms);
      texts.add(`${l.a.status} ${l.a.text}`);
      const u = await timed(`ghost_${i}_${Date.now()}`, 'Wrong123x');
      unknown.push(u.ms);
      texts.add(`${u.a.status} ${u.a.text}`);
    }
    expect([...texts]).toHaveLength(1);
    expect([...texts][0]).toMatch(/^401 .*auth\.invalid_credentials/);
    // Without the password check a locked or unknown name would answer in a millisecond or two; with it,
    // in the time of one scrypt. Loose bounds: the machine is shared.
    const min = (xs: number[]) => Math.min(...xs);
    expect(min(lockedRight)).toBeGreaterThan(min(wrong) * 0.4);
    expect(min(unknown)).toBeGreaterThan(min(wrong) * 0.4);
  });

  it('an unknown name tried again and again from one address is refused without a password check, like any other', async () => {
    const ghost = `ghost_many_${Date.now()}`;
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await login(ts.url, ghost, `Guess${i}abc`));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expectError(answers[6]!, 401, 'auth.invalid_credentials');
  });
});

describe('password spraying from one address', () => {
  it('answers 429 once wrong passwords for too many different names came from one address, then lets it in again', async () => {
    const small = await startTestServer({ ipMaxUsers: 3 });
    try {
      const d = await seedDirectory(small.app, '2');
      const a = await seedUser(small.app, 'unit', { unitId: d.unit.id });
      // The same name wrongly many times counts once.
      for (let i = 0; i < 3; i++) expectError(await login(small.url, a.username, `Wrong${i}23x`), 401, 'auth.invalid_credentials');
      expect((await login(small.url, a.username, a.password)).status).toBe(200);
      for (const name of ['ghost1', 'ghost2']) expectError(await login(small.url, name, 'Wrong123x'), 401, 'auth.invalid_credentials');
      const res = await login(small.url, a.username, a.password);
      expect(expectError(res, 429, 'auth.throttled')).toMatch(/\d+ 分钟后再试/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      small.clock.advance(15 * 60_000 + 1000);
      expect((await login(small.url, a.username, a.password)).status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('reads the settings: a comma-separated list of addresses and networks; anything else is refused in Chinese', () => {
    expect(loadConfig([], { TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(loadConfig([], {}).trustProxy).toEqual([]);
    for (const bad of ['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129']) {
      expect(() => loadConfig([], { TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig([], { TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('with the proxy trusted, X-Forwarded-For tells the clients apart', async () => {
    const ts = await startTestServer({ ipMaxUsers: 2, trustProxy: ['127.0.0.1'] });
    try {
      const d = await seedDirectory(ts.app, '3');
      const u = await seedUser(ts.app, 'unit', { unitId: d.unit.id });
      const sprayer = { 'x-forwarded-for': '203.0.113.7' };
      for (const name of ['ghostA', 'ghostB']) expectError(await login(ts.url, name, 'Wrong123x', sprayer), 401, 'auth.invalid_credentials');
      expectError(await login(ts.url, u.username, u.password, sprayer), 429, 'auth.throttled');
      // Another client behind the same proxy is not held up, and is recorded under its own address.
      const ok = await login(ts.url, u.username, u.password, { 'x-forwarded-for': '198.51.100.20' });
      expect(ok.status, ok.text).toBe(200);
      const s = (await rawRows(ts.app.db, 'SELECT ip FROM sessions WHERE user_id = ? ORDER BY created_at DESC LIMIT 1', [u.id]))[0] as { ip: string };
      expect(s.ip).toBe('198.51.100.20');
    } finally {
      await ts.stop();
    }
  });

  it('from a peer that is not a trusted proxy (or with none set), X-Forwarded-For is ignored', async () => {
    for (const trustProxy of [['10.9.9.9'], []]) {
      const ts = await startTestServer({ ipMaxUsers: 2, trustProxy });
      try {
        const d = await seedDirectory(ts.app, '4');
        const u = await seedUser(ts.app, 'unit', { unitId: d.unit.id });
        expectError(await login(ts.url, 'ghostA', 'Wrong123x', { 'x-forwarded-for': '203.0.113.7' }), 401, 'auth.invalid_credentials');
        expectError(await login(ts.url, 'ghostB', 'Wrong123x', { 'x-forwarded-for': '203.0.113.8' }), 401, 'auth.invalid_credentials');
        // Both counted against the socket's address, whatever the header claims.
        expectError(await login(ts.url, u.username, u.password, { 'x-forwarded-for': '198.51.100.20' }), 429, 'auth.throttled');
      } finally {
        await ts.stop();
      }
    }
  });
});

describe('weak passwords at change-password', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ ipMaxUsers: 1000 });
  });
  afterAll(() => ts.stop());

  it('refuses the common and pattern passwords with a Chinese reason (auth.weak_password), and accepts a good one', async () => {
    const u = await seedUser(ts.app, 'admin');
    const first = await login(ts.url, u.username, u.password);
    const token = (first.body as { token: string }).token;
    const weak = ['P@ssw0rd', 'Aa123456', '1qaz2wsx', 'qwer1234', '11111111a', 'abc12345', 'password1', 'zhangsan1', 'Passw0rd!', 'Admin@2024',
      'wangwei1990', 'asdf1234', 'zxcvbnm1', 'woaini1314', 'aaaa1111', `${u.username}2026`, 'PASSWORD2026', 'Qwerty123'];
    for (const newPassword of weak) {
      const res = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: u.password, newPassword } });
      const msg = expectError(res, 400, 'auth.weak_password');
      expect(msg, newPassword).toMatch(/新密码.*(常见|键盘|重复|数字|拼音|用户名)/);
      expect(msg).toMatch(/请/);
    }
    const ok = await call(ts.url, 'POST', '/api/v1/auth/change-password', { token, body: { oldPassword: u.password, newPassword: 'Lan9Hai-Qiao27' } });
    expect(ok.status, ok.text).toBe(200);
  });
});
