import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, addUnit, type Actor } from '../../src-server/accounts/accounts.js';
import { openServerStore } from '../../src-server/db/open-store.js';
import { rawRows, run } from '../../src-server/db/sql.js';
import { reviewPendingResponseSchema, type ReviewListItem, type ReviewPendingResponse } from '../../src-shared/contract/sync-api.js';
import { call, readyUser, startTestServer, type TestServer } from './server-helpers.js';
import { draftPersons, photoBytes, putBatch, sha256, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * GET /review/pending a page at a time (issue 20: the national-size queue): `limit` and `after` walk the
 * queue in its order without a gap or a repeat, even when people leave it between pages; `round` and
 * `q` filter on the server, so a page is of the filter; bad paging words get Chinese messages. The
 * order and the "since your last visit" counts read `persons.arrived_at`, which the writers keep and
 * migration 18 fills in from the old per-row computation: checked against that computation here.
 */
let ts: TestServer;
type Account = { token: string; username: string; password: string };
let unit: Account, county: Account, city: Account;
let first: Awaited<ReturnType<typeof submitNewBatch>>;
const MINUTE = 60_000;
const actor: Actor = { userId: null, name: 'test', now: () => new Date() };
const NAMES = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八', '冯九', '陈十', '褚十一', '卫十二'];

const get = async (a: { token: string }, query = ''): Promise<{ status: number; text: string; body: unknown }> =>
  call(ts.url, 'GET', `/api/v1/review/pending${query}`, { token: a.token });
const pending = async (a: { token: string }, query = ''): Promise<ReviewPendingResponse> => {
  const res = await get(a, query);
  expect(res.status, res.text).toBe(200);
  return reviewPendingResponseSchema.parse(res.body);
};
/** Every page of a filter, `limit` at a time, checking each page's own promises on the way. */
const allPages = async (a: { token: string }, limit: number, filter = ''): Promise<ReviewListItem[]> => {
  const seen: ReviewListItem[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: ReviewPendingResponse = await pending(a, `?limit=${limit}${filter}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(page.persons.length).toBeLessThanOrEqual(limit);
    seen.push(...page.persons);
    after = page.nextAfter;
    if (after === null) return seen;
    expect(page.persons).toHaveLength(limit);
  }
  throw new Error('the pages never ended');
};
const decide = async (a: Account, people: readonly ReviewListItem[], result: 'approved' | 'rejected', comment = '') => {
  const items = people.map((p) => ({ personId: p.personId, version: p.version }));
  const res = await call(ts.url, 'POST', '/api/v1/review/decisions', { token: a.token, body: { items, result, comment } });
  expect(res.status, res.text).toBe(200);
};

beforeAll(async () => {
  ts = await startTestServer({ reviewStages: 2, photoSpec: 'guangxi' });
  const cityJ = await addJurisdiction(ts.app.db, { name: '南宁市司法局', level: 'city', parentId: null }, actor);
  const countyJ = await addJurisdiction(ts.app.db, { name: '青秀区司法局', level: 'county', parentId: cityJ.id }, actor);
  const u = await addUnit(ts.app.db, { name: '青秀区市场监督管理局', jurisdictionId: countyJ.id }, actor);
  unit = await readyUser(ts, 'unit', { unitId: u.id });
  county = await readyUser(ts, 'reviewer', { jurisdictionId: countyJ.id });
  city = await readyUser(ts, 'reviewer', { jurisdictionId: cityJ.id });
  // Two batches a minute apart; then the county passes two people and returns one, who is sent again.
  first = await submitNewBatch(ts.url, unit.token, await draftPersons(8, (i) => ({ name: NAMES[i]! })));
  ts.clock.advance(MINUTE);
  await submitNewBatch(ts.url, unit.token, await draftPersons(4, (i) => ({ name: NAMES[8 + i]! })));
  ts.clock.advance(MINUTE);
  const all = (await pending(county, '?limit=5000')).persons;
  await decide(county, all.slice(0, 2), 'approved');
  await decide(county, [all.find((p) => p.name === '孙三')!], 'rejected', '照片不清晰，请重新拍摄。');
  ts.clock.advance(MINUTE);
  const photo = await photoBytes();
  await uploadBlob(ts.url, unit.token, photo);
  const res = await putBatch(ts.url, unit.token, first.id, {
    ...first.body,
    persons: first.body.persons.map((p) => (p.fields.name === '孙三' ? { ...p, photo: { ...p.photo!, sha256: sha256(photo) }, resubmit: true } : p)),
  });
  expect(res.status, res.text).toBe(200);
});
afterAll(() => ts.stop());

describe('GET /review/pending: pages', () => {
  it('pages of any size give the whole queue once, in the one-page order; nextAfter is null on the last', async () => {
    const whole = await pending(county, '?limit=5000');
    expect(whole.total).toBe(10);
    expect(whole.nextAfter).toBeNull();
    // The longest waiting first: the first batch's five still waiting, the second batch, then 孙三 sent again.
    expect(whole.persons.map((p) => p.name)).toEqual(['李四', '周五', '吴六', '郑七', '王八', '冯九', '陈十', '褚十一', '卫十二', '孙三']);
    for (const limit of [1, 3, 4, 10]) {
      const paged = await allPages(county, limit);
      expect(paged.map((p) => p.personId), `limit ${limit}`).toEqual(whole.persons.map((p) => p.personId));
    }
    // Without limit the answer is a page of the console's size, here the whole queue.
    expect((await pending(county)).persons).toHaveLength(10);
  });

  it('people decided between two pages neither shift the next page nor come back', async () => {
    const one = await pending(county, '?limit=4');
    // Someone else decides two people of the page already read and one of the next.
    const whole = await pending(county, '?limit=5000');
    await decide(county, [whole.persons[0]!, whole.persons[1]!, whole.persons[5]!], 'approved');
    const two = await pending(county, `?limit=4&after=${encodeURIComponent(one.nextAfter!)}`);
    expect(two.persons.map((p) => p.name)).toEqual([whole.persons[4]!.name, whole.persons[6]!.name, whole.persons[7]!.name, whole.persons[8]!.name]);
    expect(two.total).toBe(7);
  });

  it('round and q filter on the server: the page, the total and the counts are of the filter', async () => {
    const again = await pending(county, '?round=again');
    expect(again.persons.map((p) => [p.name, p.version])).toEqual([['孙三', 2]]);
    expect(again.total).toBe(1);
    const firstRound = await pending(county, '?round=first&limit=2');
    expect(firstRound.total).toBe(6);
    expect(firstRound.persons.every((p) => p.version === 1)).toBe(true);
    // Part of a name; the start of an ID number, a final x in either case; LIKE's wildcards are letters.
    expect((await pending(county, `?q=${encodeURIComponent('十')}`)).persons.map((p) => p.name).sort()).toEqual(['卫十二', '褚十一', '陈十'].sort());
    const one = (await pending(county, `?q=${encodeURIComponent('陈十')}`)).persons[0]!;
    const byId = await pending(county, `?q=${one.idNumber.slice(0, 17)}${one.idNumber.endsWith('X') ? 'x' : one.idNumber.slice(17)}`);
    expect(byId.persons.map((p) => p.personId)).toEqual([one.personId]);
    expect(byId.total).toBe(1);
    expect((await pending(county, `?q=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await pending(county, `?q=${encodeURIComponent('_')}`)).total).toBe(0);
    const blank = await pending(county, '?q=%20%20');
    expect(blank.total).toBe(7);
  });

  it('bad paging words get a Chinese message and change nothing', async () => {
    for (const [query, words] of [
      ['?after=abc', '上一页末尾'],
      ['?after=2026-12-01T00:00:00.000Z|0', '上一页末尾'],
      [`?after=${encodeURIComponent("x' OR 1=1 --|5")}`, '上一页末尾'],
      ['?limit=0', 'limit'],
      ['?limit=5001', '每页最多 5000 人'],
      ['?limit=abc', 'limit 应为整数'],
      ['?limit=2.5', 'limit 应为整数'],
      ['?round=second', 'round 应为'],
      [`?q=${'长'.repeat(41)}`, '最多 40 个字'],
    ] as const) {
      const res = await get(county, query);
      expect(res.status, query).toBe(400);
      expect(res.text, query).toContain(words);
    }
  });
});

describe('persons.arrived_at', () => {
  /** The arrival as it was computed per row before migration 18: the latest approval of the version, else its submission. */
  const computed = async () =>
    rawRows(
      ts.app.db,
      `SELECT p.id, p.arrived_at AS kept,
              COALESCE((SELECT MAX(d.decided_at) FROM decisions d WHERE d.person_id = p.id AND d.version = p.version AND d.result = 'approved'), v.submitted_at) AS old
         FROM persons p JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         WHERE p.pending_jurisdiction_id IS NOT NULL ORDER BY p.id`,
    );

  it('is what the old computation gives for everyone waiting, at the county and at the city', async () => {
    const rows = await computed();
    // All twelve wait: seven at the county (孙三 sent again among them), the five it passed at the city.
    expect(rows.length).toBe(12);
    for (const r of rows) expect(r.kept, `person ${String(r.id)}`).toBe(r.old);
    expect((await pending(city)).total).toBe(5);
  });

  it('migration 18 fills it in from the decisions and versions of a store made before it', async () => {
    const before = await computed();
    // Back to the schema of migration 17, the data kept; then the store is opened as an upgrade opens it.
    await run(ts.app.db, 'DROP INDEX persons_queue');
    await run(ts.app.db, 'ALTER TABLE persons DROP COLUMN arrived_at');
    await run(ts.app.db, 'CREATE INDEX persons_pending ON persons (pending_jurisdiction_id, pending_level) WHERE pending_jurisdiction_id IS NOT NULL');
    await run(ts.app.db, 'DELETE FROM schema_migrations WHERE id = 18');
    const upgraded = await openServerStore({ dataDir: ts.config.dataDir, databaseUrl: ts.config.databaseUrl });
    try {
      expect((await rawRows(upgraded.db, 'SELECT id FROM schema_migrations WHERE id = 18')).length).toBe(1);
    } finally {
      await upgraded.close();
    }
    const after = await computed();
    expect(after).toEqual(before);
    for (const r of after) expect(r.kept).toBe(r.old);
    expect((await pending(county, '?limit=5000')).persons.map((p) => p.name)).toHaveLength(7);
  });
});
