import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { MIGRATIONS } from '../../src-server/db/migrations/index.js';
import { openPostgres } from '../../src-server/db/open-postgres.js';
import type { ServerStore } from '../../src-server/db/open-store.js';
import { transaction } from '../../src-server/db/sql.js';
import { appendChange, readChanges } from '../../src-server/feed/changes-store.js';
import type { ChangePayload } from '../../src-shared/contract/sync-api.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';

/**
 * The change feed's cursor on PostgreSQL, where transactions commit side by side (issue 20). A unit
 * reads "everything after seq N"; if a transaction that drew seq 10 committed after one that drew 11,
 * a reader between the two commits would move its cursor to 11 and never see 10. This is exactly
 * that interleaving: the first transaction appends and stays open; the second appends for the same
 * unit meanwhile. Runs under `npm run test:pg` only.
 */
if (!testPgUrl) console.log('test/pg: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const opened = (n: number): ChangePayload => ({ type: 'training_opened', batchId: `b${n}`, batchNumber: `XZZF${n}`, count: n, openedAt: '2026-12-07T00:00:00.000Z' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that settles it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

suite('the change feed on PostgreSQL: commits out of seq order', () => {
  let store: ServerStore;
  let drop: () => Promise<void>;
  let unitA = 0;
  let unitB = 0;
  let dbUrl = '';

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    dbUrl = db.url;
    store = await openPostgres(db.url, MIGRATIONS, { poolSize: 12 });
    const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
    const city = await addJurisdiction(store.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
    unitA = (await addUnit(store.db, { name: '单位甲', jurisdictionId: city.id }, actor)).id;
    unitB = (await addUnit(store.db, { name: '单位乙', jurisdictionId: city.id }, actor)).id;
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('a second append for the same unit waits until the first has committed, so a reader never passes an entry still to come', async () => {
    const at = new Date();
    const firstAppended = gate();
    const firstMayCommit = gate();
    let firstSeq = 0;
    const first = transaction(store.db, async (t) => {
      firstSeq = await appendChange(t, unitA, opened(1), at);
      firstAppended.open();
      await firstMayCommit.wait;
    });
    await firstAppended.wait;

    let secondSeq = 0;
    let secondDone = false;
    const second = transaction(store.db, async (t) => {
      secondSeq = await appendChange(t, unitA, opened(2), at);
    }).then(() => {
      secondDone = true;
    });

    // Another unit's feed is not held up by unit A's open transaction.
    await transaction(store.db, (t) => appendChange(t, unitB, opened(3), at));

    await sleep(300);
    expect(secondDone).toBe(false);
    // A reader now sees nothing of unit A: neither the open first nor a second that could pass it.
    const during = await readChanges(store.db, unitA, 0, 10);
    expect(during.changes).toEqual([]);

    firstMayCommit.open();
    await first;
    // Between the two commits a reader sees the first, and its cursor stops there.
    const between = await readChanges(store.db, unitA, 0, 10);
    await second;
    const after = await readChanges(store.db, unitA, Number(between.cursor), 10);

    expect(secondSeq).toBeGreaterThan(firstSeq);
    const read = [...between.changes, ...after.changes].map((c) => c.seq);
    expect(read).toEqual([firstSeq, secondSeq]);
    expect((await readChanges(store.db, unitB, 0, 10)).changes.map((c) => c.type)).toEqual(['training_opened']);
  });

  it('many transactions appending for one unit at once: read in pages while they commit, nothing is skipped', async () => {
    const at = new Date();
    // The reader is another server process: a pool of its own, not queued behind the writers' connections.
    const reader = await openPostgres(dbUrl, MIGRATIONS, { poolSize: 1 });
    // Where a reader stands before the writers start (unit B has one entry from the test above).
    let cursor = Number((await readChanges(store.db, unitB, 0, 1000)).cursor);
    const writers = Array.from({ length: 40 }, (_, i) =>
      transaction(store.db, async (t) => {
        await appendChange(t, unitB, opened(100 + i), at);
        // Hold the transaction a little, longer for some than for those after them.
        await sleep((i * 37) % 50);
      }),
    );
    const seen: number[] = [];
    let settled = false;
    const all = Promise.all(writers).then(() => {
      settled = true;
    });
    while (!settled) {
      const page = await readChanges(reader.db, unitB, cursor, 3);
      seen.push(...page.changes.map((c) => c.seq));
      cursor = Number(page.cursor);
      await sleep(2);
    }
    await all;
    for (;;) {
      const page = await readChanges(reader.db, unitB, cursor, 3);
      seen.push(...page.changes.map((c) => c.seq));
      cursor = Number(page.cursor);
      if (!page.more) break;
    }
    await reader.close();
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
  });
});
