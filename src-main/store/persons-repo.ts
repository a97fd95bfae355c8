import { z } from 'zod';
import type { PersonFields, RawRow } from '../../src-shared/domain/person.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso } from './clock.js';
import { FIELD_COLUMN, FIELD_COLUMNS_SQL, fieldValues, fieldsFromRow } from './person-columns.js';
import { FIELD_KEYS } from '../../src-shared/domain/person.js';
import { personStatusSchema } from '../../src-shared/contract/desktop-api.js';
import { issuesColumn, rawRowColumn } from './json-columns.js';

export type PersonStatus = 'draft' | 'submitted' | 'county_approved' | 'approved' | 'rejected';

export interface CheckedPerson {
  rowNumber: number | null;
  seq: string;
  raw: RawRow;
  fields: PersonFields;
  issues: Issue[];
}

export interface StoredPerson extends CheckedPerson {
  id: number;
  batchId: string;
  errorCount: number;
  warningCount: number;
  fixedCount: number;
  status: PersonStatus;
  reviewLevel: string;
  reviewComment: string;
  reviewer: string;
  reviewedAt: string;
  createdAt: string;
  updatedAt: string;
}

function counts(issues: readonly Issue[]): [number, number, number] {
  let e = 0;
  let w = 0;
  let f = 0;
  for (const i of issues) {
    if (i.severity === 'error') e++;
    else if (i.severity === 'warning') w++;
    else f++;
  }
  return [e, w, f];
}

const INSERT_SQL = `INSERT INTO persons (batch_id, row_number, seq, raw_json, ${FIELD_COLUMNS_SQL},
  issues_json, error_count, warning_count, fixed_count, created_at, updated_at)
  VALUES (${Array.from({ length: 4 + FIELD_KEYS.length + 6 }, () => '?').join(', ')})`;

/** Inserts people; the caller owns the transaction. Returns the new ids in order. */
export function insertPersons(db: Db, batchId: string, people: readonly CheckedPerson[], at: Date, onEach?: (done: number) => void): number[] {
  const stmt = db.prepare(INSERT_SQL);
  const now = localIso(at);
  const ids: number[] = [];
  people.forEach((p, i) => {
    const r = stmt.run(batchId, p.rowNumber, p.seq, JSON.stringify(p.raw), ...fieldValues(p.fields), JSON.stringify(p.issues), ...counts(p.issues), now, now);
    ids.push(Number(r.lastInsertRowid));
    onEach?.(i + 1);
  });
  return ids;
}

export function updatePersonData(db: Db, id: number, p: Pick<CheckedPerson, 'raw' | 'fields' | 'issues'>, at: Date): void {
  const sets = FIELD_KEYS.map((k) => `${FIELD_COLUMN[k]} = ?`).join(', ');
  db.prepare(
    `UPDATE persons SET raw_json = ?, ${sets}, issues_json = ?, error_count = ?, warning_count = ?, fixed_count = ?, updated_at = ? WHERE id = ?`,
  ).run(JSON.stringify(p.raw), ...fieldValues(p.fields), JSON.stringify(p.issues), ...counts(p.issues), localIso(at), id);
}

/** Only this batch's people: a person's findings as stored, or undefined when the id is not in it. */
export function personIssues(db: Db, id: number, batchId: string): Issue[] | undefined {
  return checkedRow(issuesColumn, db.prepare('SELECT issues_json FROM persons WHERE id = ? AND batch_id = ?').pluck().get(id, batchId));
}

/** New findings for a person (the server's added to its own), with the counts kept in step. */
export function setPersonIssues(db: Db, id: number, issues: readonly Issue[], at: Date): void {
  db.prepare('UPDATE persons SET issues_json = ?, error_count = ?, warning_count = ?, fixed_count = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(issues),
    ...counts(issues),
    localIso(at),
    id,
  );
}

export function countPersons(db: Db, batchId: string): number {
  return checkedRow(z.number(), db.prepare('SELECT COUNT(*) FROM persons WHERE batch_id = ?').pluck().get(batchId)) ?? 0;
}

/** Another person of the batch with this ID number (the first), for the duplicate finding. */
export function samePersonInBatch(db: Db, batchId: string, idNumber: string, exceptId: number | undefined): { rowNumber: number | null; name: string } | undefined {
  return checkedRow(
    z.object({ rowNumber: z.number().nullable(), name: z.string() }),
    db.prepare('SELECT row_number AS rowNumber, name FROM persons WHERE batch_id = ? AND id_number = ? AND id IS NOT ? LIMIT 1').get(batchId, idNumber, exceptId ?? null),
  );
}

/** Batches with people still in the clerk's hands (draft or returned). */
export function batchesWithOpenPeople(db: Db): string[] {
  return checkedRows(z.string(), db.prepare("SELECT DISTINCT batch_id FROM persons WHERE status IN ('draft', 'rejected')").pluck().all());
}

const personRow = z.record(z.string(), z.unknown());

function fromRow(r: Record<string, unknown>): StoredPerson {
  return {
    id: Number(r.id),
    batchId: String(r.batch_id),
    rowNumber: r.row_number === null ? null : Number(r.row_number),
    seq: String(r.seq),
    raw: rawRowColumn.parse(r.raw_json),
    fields: fieldsFromRow(r),
    issues: issuesColumn.parse(r.issues_json),
    errorCount: Number(r.error_count),
    warningCount: Number(r.warning_count),
    fixedCount: Number(r.fixed_count),
    status: personStatusSchema.parse(r.status),
    reviewLevel: String(r.review_level),
    reviewComment: String(r.review_comment),
    reviewer: String(r.reviewer),
    reviewedAt: String(r.reviewed_at),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export function getPerson(db: Db, id: number): StoredPerson | undefined {
  const r = checkedRow(personRow, db.prepare('SELECT * FROM persons WHERE id = ?').get(id));
  return r ? fromRow(r) : undefined;
}

/** A batch's people in the order of the file (hand-added ones last). */
export function listPersons(db: Db, batchId: string): StoredPerson[] {
  return checkedRows(personRow, db.prepare('SELECT * FROM persons WHERE batch_id = ? ORDER BY row_number IS NULL, row_number, id').all(batchId)).map(fromRow);
}

const openPersonRefRow = z.object({
  personId: z.number(),
  batchId: z.string(),
  batchNumber: z.string(),
  rowNumber: z.number().nullable(),
  name: z.string(),
  idNumber: z.string(),
});
export type OpenPersonRef = z.infer<typeof openPersonRefRow>;

/** People with these ID numbers in open (not closed) batches, other than `excludeBatchId`. */
export function findOpenPersonsByIdNumber(db: Db, idNumbers: readonly string[], excludeBatchId?: string): Map<string, OpenPersonRef[]> {
  const out = new Map<string, OpenPersonRef[]>();
  const unique = [...new Set(idNumbers.filter((x) => x !== ''))];
  const CHUNK = 500;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const rows = checkedRows(
      openPersonRefRow,
      db.prepare(
        `SELECT p.id AS personId, p.batch_id AS batchId, b.number AS batchNumber, p.row_number AS rowNumber, p.name, p.id_number AS idNumber
         FROM persons p JOIN batches b ON b.id = p.batch_id
         WHERE b.status <> 'closed' AND p.id_number IN (${part.map(() => '?').join(', ')}) AND b.id IS NOT ?
         ORDER BY b.created_at, p.row_number`,
      ).all(...part, excludeBatchId ?? null),
    );
    for (const r of rows) {
      const list = out.get(r.idNumber);
      if (list) list.push(r);
      else out.set(r.idNumber, [r]);
    }
  }
  return out;
}
