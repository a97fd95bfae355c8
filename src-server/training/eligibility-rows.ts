import { z } from 'zod';
import type { Db } from '../db/open-db.js';
import type { ServerStore } from '../db/open-store.js';
import { withReadConnection } from '../db/read-connection.js';
import { all, dialectOf, type Sql } from '../db/sql.js';

/**
 * The rows 培训达标 (eligibility-service.ts) passes over — the study records and the approved persons in
 * scope — in pages, so the list's work can stop between any two rows and the event loop never waits
 * for a whole province at once. Where they come from differs:
 *
 * - SQLite: one statement per table, stepped on a read-only connection of its own (read-connection.ts;
 *   an open statement keeps its connection busy, so not the one every request uses), a page at a time.
 * - PostgreSQL: keyset pages through the pool (`WHERE id > ? ORDER BY id LIMIT ?`), each a short indexed
 *   query; between two pages other requests get the pool. Each page is its own read: a row changed while
 *   the list runs is seen as it was or as it is, never twice (the key only grows).
 *
 * Neither source sorts: the service keeps what it needs as the rows pass and sorts its own result.
 */

export const personRow = z.object({
  id: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  examName: z.string().nullable(),
  studyHours: z.number().int().nullable(),
  mockExams: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type EligibilityPerson = z.infer<typeof personRow>;

export const recordRow = z.object({ idNumber: z.string(), json: z.string() });
export type EligibilityRecord = z.infer<typeof recordRow>;

export interface EligibilityRows {
  /** study_records (ID number and the record's JSON), of one unit or all. */
  records(unitId: number | undefined): AsyncIterable<EligibilityRecord[]>;
  /** Approved persons with their unit and their batch's exam rule, of one unit or all; an ID number may come more than once. */
  persons(unitId: number | undefined): AsyncIterable<EligibilityPerson[]>;
}

/** Rows per page: a page is read in one go (a few milliseconds), the rows of it one by one. */
const PAGE_ROWS = 1000;

const RECORD_COLUMNS = 'id_number AS "idNumber", record_json AS json';
const RECORDS_FROM = 'FROM study_records';
const PERSONS_FROM = `
    FROM persons p
    JOIN units u ON u.id = p.unit_id
    JOIN batches b ON b.id = p.batch_id
    LEFT JOIN exams e ON e.id = b.exam_id
    WHERE p.status = 'approved'`;
const PERSON_COLUMNS = `p.id, p.name, p.id_number AS "idNumber", p.unit_id AS "unitId", u.name AS "unitName",
           e.name AS "examName", e.study_hours_required AS "studyHours", e.mock_exams_required AS "mockExams", p.updated_at AS "updatedAt"`;

/**
 * The rows for the store in use, handed to `work` for as long as it runs. `sliced` false: there is no
 * connection of its own to read on (an in-memory SQLite store), so the caller should not give other
 * requests turns in between (they would find the only connection busy).
 */
export async function withEligibilityRows<T>(store: ServerStore, work: (rows: EligibilityRows, sliced: boolean) => Promise<T>): Promise<T> {
  if (dialectOf(store.db) === 'sqlite' && store.sqlite) {
    return withReadConnection(store.sqlite, (reader, sliced) => work(sqliteEligibilityRows(reader, sliced), sliced));
  }
  return work(keysetEligibilityRows(store.db), true);
}

/**
 * Over a better-sqlite3 connection. `paged` false reads each table in one step: the connection is
 * shared and must not be left inside an open statement across turns of the event loop.
 */
export function sqliteEligibilityRows(reader: Db, paged: boolean, pageRows = PAGE_ROWS): EligibilityRows {
  const pages = paged && pageRows;
  return {
    records: (unitId) =>
      statementPages(reader, recordRow, `SELECT ${RECORD_COLUMNS} ${RECORDS_FROM}${unitId === undefined ? '' : ' WHERE unit_id = ?'}`, unitId, pages),
    persons: (unitId) =>
      statementPages(reader, personRow, `SELECT ${PERSON_COLUMNS}${PERSONS_FROM}${unitId === undefined ? '' : ' AND p.unit_id = ?'}`, unitId, pages),
  };
}

/** `pageRows` false: the whole result as one page. */
async function* statementPages<S extends z.ZodType>(reader: Db, schema: S, text: string, unitId: number | undefined, pageRows: number | false): AsyncGenerator<Array<z.output<S>>> {
  const stmt = reader.prepare(text);
  const args = unitId === undefined ? [] : [unitId];
  if (pageRows === false) {
    yield stmt.all(...args).map((row) => schema.parse(row));
    return;
  }
  let page: Array<z.output<S>> = [];
  for (const row of stmt.iterate(...args)) {
    page.push(schema.parse(row));
    if (page.length >= pageRows) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Through `Sql`, in keyset pages by id (PostgreSQL; the text is SQLite's too). */
export function keysetEligibilityRows(db: Sql, pageRows = PAGE_ROWS): EligibilityRows {
  const keyedRecordRow = recordRow.extend({ id: z.number().int() });
  return {
    records: (unitId) =>
      keysetPages(db, keyedRecordRow, (unit) => `SELECT id, ${RECORD_COLUMNS} ${RECORDS_FROM} WHERE id > ?${unit ? ' AND unit_id = ?' : ''} ORDER BY id LIMIT ?`, unitId, pageRows),
    persons: (unitId) =>
      keysetPages(db, personRow, (unit) => `SELECT ${PERSON_COLUMNS}${PERSONS_FROM} AND p.id > ?${unit ? ' AND p.unit_id = ?' : ''} ORDER BY p.id LIMIT ?`, unitId, pageRows),
  };
}

async function* keysetPages<S extends z.ZodType<{ id: number }>>(
  db: Sql,
  schema: S,
  text: (unit: boolean) => string,
  unitId: number | undefined,
  pageRows: number,
): AsyncGenerator<Array<z.output<S>>> {
  let after = 0;
  for (;;) {
    const rows = await all(db, schema, text(unitId !== undefined), unitId === undefined ? [after, pageRows] : [after, unitId, pageRows]);
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = rows.at(-1)!.id;
  }
}
