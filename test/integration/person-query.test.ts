import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import { createBatch } from '../../src-main/store/batches-repo.js';
import { personQuerySql, queryPersons } from '../../src-main/store/person-query.js';
import type { PersonQuery } from '../../src-shared/contract/desktop-api.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The person lists' query (persons.query): what it answers, and that it answers it from the
 * persons_list index (migration 0003) — the plans SQLite picks do not depend on how many rows there
 * are, so a few rows pin what bench/list measures at 50,000.
 */
const db = openStore(path.join(tempDir('zfbm-person-query-'), 'data'));
afterAll(() => db.close());
const actor = { name: '测试员', now: () => new Date('2026-11-23T09:00:00+08:00') };
const a = createBatch(db, actor, { kind: 'new' });
const b = createBatch(db, actor, { kind: 'new' });

const insert = db.prepare(
  // Everyone with a photo that fits (has_photo, no photo errors): the photo's share of the counts is
  // tested in photo-findings.test.ts.
  `INSERT INTO persons (batch_id, row_number, raw_json, name, id_number, error_count, status, has_photo, photo_error_count, created_at, updated_at)
   VALUES (?, ?, '{}', ?, ?, ?, ?, 1, 0, '2026-11-23T09:00:00+08:00', '2026-11-23T09:00:00+08:00')`,
);
const add = (batchId: string, row: number | null, name: string, idNumber: string, errors = 0, status = 'draft') =>
  Number(insert.run(batchId, row, name, idNumber, errors, status).lastInsertRowid);
// Batch a: imported rows stored out of order, and two people added by hand (no Excel row) in between.
add(a.id, 5, '王小明', '350102198001010011');
const byHand1 = add(a.id, null, '李四', '11010519491231002X');
add(a.id, 3, '欧阳明华', '350102198505050022', 2);
add(a.id, 4, '张三', '440308199901101512', 0, 'submitted');
const byHand2 = add(a.id, null, '王明', '350102199001010033', 1);
// Batch b: one person whose ID also starts with 3501.
add(b.id, 3, '赵明', '350102197001010044');

const page = (q: PersonQuery) => queryPersons(db, { offset: 0, limit: 50, ...q });
const names = (q: PersonQuery) => page(q).rows.map((r) => r.name);

describe('persons.query', () => {
  it('pages a batch in Excel row order with the people added by hand last, and counts them all', () => {
    expect(names({ batchId: a.id })).toEqual(['欧阳明华', '张三', '王小明', '李四', '王明']);
    expect(page({ batchId: a.id, offset: 1, limit: 2 })).toMatchObject({ total: 5, rows: [{ name: '张三', rowNumber: 4 }, { name: '王小明' }] });
    expect(page({ batchId: a.id, offset: 3, limit: 2 }).rows.map((r) => r.id)).toEqual([byHand1, byHand2]);
    // The total from the count, and from a last page that is not full: the same.
    expect(page({ batchId: a.id, offset: 50 })).toEqual({ total: 5, rows: [] });
    expect(page({ batchId: a.id, offset: 4, limit: 2 })).toMatchObject({ total: 5, rows: [{ id: byHand2 }] });
    expect(page({ batchId: a.id, limit: 5 }).total).toBe(5);
    expect(page({ batchId: a.id, text: '没有这个人' })).toEqual({ total: 0, rows: [] });
    expect(page({ batchId: a.id, text: '没有这个人', offset: 50 })).toEqual({ total: 0, rows: [] });
    expect(page({ batchId: a.id, limit: 1 }).rows[0]).toEqual({
      id: expect.any(Number),
      batchId: a.id,
      rowNumber: 3,
      name: '欧阳明华',
      idNumber: '350102198505050022',
      gender: '',
      agency: '',
      errorCount: 2,
      warningCount: 0,
      status: 'draft',
      pendingAt: '',
      reviewComment: '',
      unconfirmed: false,
      photoErrors: 0,
      hasPhoto: true,
    });
  });

  it('matches the start of the ID number (x in either case) or any part of the name', () => {
    expect(names({ batchId: a.id, text: '35010219' })).toEqual(['欧阳明华', '王小明', '王明']);
    expect(names({ batchId: a.id, text: '3501021980' })).toEqual(['王小明']);
    expect(names({ batchId: a.id, text: '11010519491231002x' })).toEqual(['李四']);
    expect(names({ batchId: a.id, text: '0101' })).toEqual([]); // inside the ID number, not its start
    expect(names({ batchId: a.id, text: '明' })).toEqual(['欧阳明华', '王小明', '王明']);
    expect(names({ batchId: a.id, text: ' 欧阳 ' })).toEqual(['欧阳明华']);
    expect(page({ batchId: a.id, text: '明', limit: 1, offset: 1 })).toMatchObject({ total: 3, rows: [{ name: '王小明' }] });
    expect(names({ batchId: a.id, text: '%' })).toEqual([]); // no LIKE: its wildcards are plain text
  });

  it('filters by status and by errors, alone and with the text, and across batches without a batch', () => {
    expect(names({ batchId: a.id, status: 'submitted' })).toEqual(['张三']);
    expect(names({ batchId: a.id, onlyErrors: true })).toEqual(['欧阳明华', '王明']);
    expect(names({ batchId: a.id, onlyErrors: true, text: '王' })).toEqual(['王明']);
    expect(page({ text: '35010219' }).total).toBe(4);
    expect(names({ text: '赵' })).toEqual(['赵明']);
    expect(page({}).total).toBe(6);
  });

  it('answers every combination from an index: no sort, no reading of rows it does not return', () => {
    const combos: PersonQuery[] = [];
    for (const batchId of [undefined, a.id])
      for (const text of [undefined, '35010219', '明'])
        for (const status of [undefined, 'draft' as const])
          for (const onlyErrors of [undefined, true]) combos.push({ ...(batchId ? { batchId } : {}), ...(text ? { text } : {}), ...(status ? { status } : {}), ...(onlyErrors ? { onlyErrors } : {}) });
    const plan = (sql: string, args: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    for (const q of combos) {
      const sql = personQuerySql(q);
      const count = plan(sql.count, sql.args);
      const rows = plan(sql.rows, [...sql.args, 50, 0]);
      // The count reads an index only (the whole table is never read to count it).
      expect(count, JSON.stringify(q)).toMatch(/COVERING INDEX/);
      // A page walks persons_list in the lists' order: no temp B-tree sorting the whole batch.
      expect(rows, JSON.stringify(q)).toMatch(/USING (COVERING )?INDEX persons_list/);
      expect(rows, JSON.stringify(q)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
