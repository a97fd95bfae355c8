import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerStore, type ServerStore } from '../../src-server/db/open-store.js';
import { rawRows, run } from '../../src-server/db/sql.js';
import { keysetEligibilityRows, sqliteEligibilityRows, type EligibilityRows } from '../../src-server/training/eligibility-rows.js';
import { eligibilityList } from '../../src-server/training/eligibility-service.js';
import { eligibilityQuerySchema, type EligibilityResponse } from '../../src-shared/contract/sync-training.js';
import type { StudyRecord } from '../../src-shared/contract/sync-feed.js';
import { freshPgDatabase, testPgUrl } from '../helpers/pg-database.js';
import { makeIdNumber, seedPerson, seedUnit, type SeededUnit } from './records-helpers.js';
import { serverTempDir } from './server-helpers.js';

/**
 * 培训达标's rows read in pages (eligibility-rows.ts): keyset pages through `Sql` (PostgreSQL's way) and
 * SQLite's stepped statement give the same list as one page does, whatever the page size — nobody lost
 * or counted twice at a page's edge, the latest approval of an ID number kept. With tiny pages, so a
 * handful of people spans many. Under `npm run test:pg` the store is PostgreSQL (keyset pages only).
 */
const dir = serverTempDir();
let store: ServerStore;
let pg: Awaited<ReturnType<typeof freshPgDatabase>> | null = null;
let A: SeededUnit;
let B: SeededUnit;

const id = (n: number) => makeIdNumber('450102', '19900101', n);
/** Approved rows in the store: 8 people, 张一 twice (A first, B later), and one rejected person not listed. */
const APPROVED_ROWS = 9;

function studyRecord(hours: number, tookExam: boolean): StudyRecord {
  return {
    phone: '13800000001', region: '南宁市', unitName: '测试单位', updatedAt: '2026-10-01 10:00:00', startedAt: '2026-09-20 08:00:00',
    studyStatus: '学习完成', endedAt: '', examStatus: tookExam ? '已考试' : '未考试', examScore: tookExam ? '80' : '0',
    examFinishedAt: tookExam ? '2026-10-01 09:30:00' : '', studyDurations: [String(hours), '0', String(hours)],
  };
}

async function addRecord(unit: SeededUnit, personId: number, idNumber: string, n: number, record: StudyRecord): Promise<void> {
  const at = '2026-10-02T00:00:00.000Z';
  await run(
    store.db,
    `INSERT INTO study_records (id_number, started_key, unit_id, person_id, name, record_json, source_sha256, created_at, updated_at)
     VALUES (?, ?, ?, ?, '某人', ?, ?, ?, ?)`,
    [idNumber, `2026-09-2${n} 08:00:00`, unit.unitId, personId, JSON.stringify(record), 'c'.repeat(64), at, at],
  );
}

beforeAll(async () => {
  pg = testPgUrl ? await freshPgDatabase() : null;
  store = await openServerStore({ dataDir: path.join(dir, 'data'), databaseUrl: pg?.url ?? null });
  A = await seedUnit(store.db, '南宁市市场监督管理局');
  B = await seedUnit(store.db, '柳州市交通运输局');
  const names = ['张一', '李二', '王三', '赵四', '钱五', '孙六', '周七', '吴八'];
  for (const [i, name] of names.entries()) {
    const unit = i < 5 ? A : B;
    const personId = await seedPerson(store.db, unit, { idNumber: id(i + 1), name });
    // Records for every other person; 李二's are enough to print (6 学时 and a mock exam).
    if (i % 2 === 1) {
      await addRecord(unit, personId, id(i + 1), 1, studyRecord(i === 1 ? 4 : 1, false));
      await addRecord(unit, personId, id(i + 1), 2, studyRecord(2, true));
    }
  }
  // 张一 approved again later in B: listed once, with B.
  await seedPerson(store.db, B, { idNumber: id(1), name: '张一', updatedAt: '2026-02-01T00:00:00.000Z' });
  await seedPerson(store.db, A, { idNumber: id(9), name: '郑九', status: 'rejected' });
  expect((await rawRows(store.db, "SELECT count(*) AS n FROM persons WHERE status = 'approved'"))[0]!.n).toBe(APPROVED_ROWS);
});
afterAll(async () => {
  await store?.close();
  await pg?.drop();
});

const query = (q: Record<string, string> = {}) => eligibilityQuerySchema.parse(q);

/** Every source worth comparing on this store, each with tiny pages. */
function sources(pageRows: number): Array<[string, EligibilityRows]> {
  const out: Array<[string, EligibilityRows]> = [[`keyset, ${pageRows} a page`, keysetEligibilityRows(store.db, pageRows)]];
  if (store.sqlite) {
    out.push([`SQLite statement, ${pageRows} a page`, sqliteEligibilityRows(store.sqlite, true, pageRows)]);
    out.push(['SQLite statement, one page', sqliteEligibilityRows(store.sqlite, false)]);
  }
  return out;
}

describe('培训达标 rows in pages', () => {
  let whole: EligibilityResponse;

  it('one page: each ID number once, the latest approval kept, 李二 may print', async () => {
    whole = await eligibilityList(keysetEligibilityRows(store.db), query());
    expect(whole).toMatchObject({ total: 8, eligible: 1, notEligible: 7 });
    expect(whole.rows.filter((r) => r.name === '张一').map((r) => r.unitName)).toEqual([B.unitName]);
    expect(whole.rows.find((r) => r.name === '李二')!.eligibility).toMatchObject({ studyHours: 6, mockExams: 1, records: 2, eligible: true });
    expect(whole.rows.find((r) => r.name === '赵四')!.eligibility).toMatchObject({ studyHours: 3, records: 2, eligible: false });
    expect(whole.rows.some((r) => r.name === '郑九')).toBe(false);
  });

  it('the same list from every source and page size, for the province and for one unit', async () => {
    const unitA = await eligibilityList(keysetEligibilityRows(store.db), query({ unitId: String(A.unitId) }));
    expect(unitA).toMatchObject({ total: 5, eligible: 1 }); // 张一's approval in A counts within A
    for (const pageRows of [1, 2, 3, 4, 8, 9, 10]) {
      for (const [label, rows] of sources(pageRows)) {
        expect(await eligibilityList(rows, query()), label).toEqual(whole);
        expect(await eligibilityList(rows, query({ unitId: String(A.unitId) })), label).toEqual(unitA);
      }
    }
  });

  it('pages are at most the page size and hold every row once', async () => {
    for (const [label, rows] of sources(4)) {
      const sizes: number[] = [];
      const ids: number[] = [];
      for await (const page of rows.persons(undefined)) {
        sizes.push(page.length);
        ids.push(...page.map((p) => p.id));
      }
      expect(new Set(ids).size, label).toBe(APPROVED_ROWS);
      expect(ids, label).toHaveLength(APPROVED_ROWS);
      if (!label.includes('one page')) expect(sizes, label).toEqual([4, 4, 1]);
      let records = 0;
      for await (const page of rows.records(undefined)) records += page.length;
      expect(records, label).toBe(8);
    }
  });
});
