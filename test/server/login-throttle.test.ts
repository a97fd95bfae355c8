import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoginThrottle } from '../../src-server/auth/ip-throttle.js';
import { openServerStore, type ServerStore } from '../../src-server/db/open-store.js';
import { value } from '../../src-server/db/sql.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';

// The throttle's counts live in the database (several server processes share them): a real store,
// SQLite in a temp folder, or under `npm run test:pg` a database of its own on PostgreSQL.
let store: ServerStore;
let dir: string;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-throttle-'));
  const pg = testPgUrl ? await freshPgDatabase() : null;
  drop = pg?.drop;
  store = await openServerStore({ dataDir: dir, databaseUrl: pg?.url ?? null });
});

afterAll(async () => {
  await store.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('LoginThrottle', () => {
  it('counts per (address, name) and different names per address, within the window', async () => {
    const t = new LoginThrottle(store.db, 3, 2, 1000);
    for (let i = 0; i < 3; i++) await t.recordFailure('1.1.1.1', 'Alice', i);
    expect(await t.nameRetryAfterMs('1.1.1.1', ' alice ', 10)).toBeGreaterThan(0);
    expect(await t.nameRetryAfterMs('2.2.2.2', 'alice', 10)).toBe(0);
    expect(await t.addressRetryAfterMs('1.1.1.1', 10)).toBe(0); // one name only
    await t.recordFailure('1.1.1.1', 'bob', 20);
    expect(await t.addressRetryAfterMs('1.1.1.1', 30)).toBe(1000 - 28); // alice's last failure at 2 ends first
    expect(await t.addressRetryAfterMs('1.1.1.1', 1003)).toBe(0);
    expect(await t.nameRetryAfterMs('1.1.1.1', 'alice', 1003)).toBe(0);
    await t.recordFailure('3.3.3.3', 'carol', 0);
    await t.recordSuccess('3.3.3.3', 'carol');
    expect(await t.nameRetryAfterMs('3.3.3.3', 'carol', 1)).toBe(0);
  });

  it("a right password clears the name's count but the name still counts for the address", async () => {
    const t = new LoginThrottle(store.db, 2, 2, 60_000);
    await t.recordFailure('4.4.4.4', 'dave', 100);
    await t.recordFailure('4.4.4.4', 'dave', 101);
    expect(await t.nameRetryAfterMs('4.4.4.4', 'dave', 102)).toBeGreaterThan(0);
    await t.recordSuccess('4.4.4.4', 'dave');
    expect(await t.nameRetryAfterMs('4.4.4.4', 'dave', 103)).toBe(0);
    await t.recordFailure('4.4.4.4', 'erin', 104);
    expect(await t.addressRetryAfterMs('4.4.4.4', 105)).toBeGreaterThan(0);
  });

  it('two throttles on one database (two server processes) see each other\'s failures', async () => {
    const a = new LoginThrottle(store.db, 3, 100, 60_000);
    const b = new LoginThrottle(store.db, 3, 100, 60_000);
    await a.recordFailure('5.5.5.5', 'frank', 1);
    await b.recordFailure('5.5.5.5', 'frank', 2);
    await a.recordFailure('5.5.5.5', 'frank', 3);
    expect(await b.nameRetryAfterMs('5.5.5.5', 'frank', 4)).toBe(60_000 + 1 - 4);
  });

  it('keeps a bounded number of rows', async () => {
    const t = new LoginThrottle(store.db, 5, 100, 60_000, 50);
    for (let i = 0; i < 300; i++) await t.recordFailure(`10.0.${i >> 8}.${i & 255}`, `user${i}`, 10_000 + i);
    expect(await value(store.db, z.number(), 'SELECT COUNT(*) AS n FROM login_failures')).toBeLessThanOrEqual(51);
  });
});
