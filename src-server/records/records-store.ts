import { z } from 'zod';
import { all, run, value, type Sql } from '../db/sql.js';
import type { RecordKind } from './record-kinds.js';
import { chunks, marks } from '../db/chunks.js';

/**
 * The study_records and exam_scores tables as the record import uses them, and the approved persons
 * a row is matched to. A record is keyed by (ID number, start time); its content is the contract's
 * object as JSON text, compared as text to tell an unchanged record from an updated one.
 */

/** Where each kind is kept: its table and the column of its JSON. */
const TABLES: Record<RecordKind, { table: string; column: string }> = {
  study_record: { table: 'study_records', column: 'record_json' },
  exam_score: { table: 'exam_scores', column: 'score_json' },
};

const approvedPersonRow = z.object({ id: z.number(), idNumber: z.string(), unitId: z.number(), unitName: z.string(), name: z.string() });
/** An approved person, with the unit a record of theirs goes to. */
export type ApprovedPerson = Omit<z.infer<typeof approvedPersonRow>, 'idNumber'>;


/** Approved persons in the whole store: 0 means nothing can match. */
export async function countApprovedPersons(db: Sql): Promise<number> {
  return (await value(db, z.number(), "SELECT count(*) FROM persons WHERE status = 'approved'")) ?? 0;
}

/**
 * The approved person of each ID number that has one: the latest updated if there are several (then the
 * highest id). ID numbers without one are absent from the answer. Many ID numbers to a query (db/chunks.ts).
 */
export async function findApprovedPersons(db: Sql, idNumbers: readonly string[]): Promise<Map<string, ApprovedPerson>> {
  const out = new Map<string, ApprovedPerson>();
  for (const part of chunks([...new Set(idNumbers)])) {
    const rows = await all(
      db,
      approvedPersonRow,
      `SELECT p.id, p.id_number AS "idNumber", p.unit_id AS "unitId", u.name AS "unitName", p.name
       FROM persons p JOIN units u ON u.id = p.unit_id
       WHERE p.id_number IN (${marks(part.length)}) AND p.status = 'approved'
       ORDER BY p.id_number, p.updated_at DESC, p.id DESC`,
      part,
    );
    for (const { idNumber, ...person } of rows) if (!out.has(idNumber)) out.set(idNumber, person);
  }
  return out;
}

// The JSON stays text: it is only compared with the JSON the import would write.
const storedRecordRow = z.object({ id: z.number(), idNumber: z.string(), startedKey: z.string(), unitId: z.number(), name: z.string(), json: z.string() });
export type StoredRecord = Omit<z.infer<typeof storedRecordRow>, 'idNumber' | 'startedKey'>;

/** The key of a record in {@link findRecords}' answer. */
export const recordKey = (idNumber: string, startedKey: string): string => `${idNumber}\u0000${startedKey}`;

/** The records stored under these ID numbers, by {@link recordKey} (ID number, start time). */
export async function findRecords(db: Sql, kind: RecordKind, idNumbers: readonly string[]): Promise<Map<string, StoredRecord>> {
  const { table, column } = TABLES[kind];
  const out = new Map<string, StoredRecord>();
  for (const part of chunks([...new Set(idNumbers)])) {
    const rows = await all(
      db,
      storedRecordRow,
      `SELECT id, id_number AS "idNumber", started_key AS "startedKey", unit_id AS "unitId", name, ${column} AS json
       FROM ${table} WHERE id_number IN (${marks(part.length)})`,
      part,
    );
    for (const { idNumber, startedKey, ...record } of rows) out.set(recordKey(idNumber, startedKey), record);
  }
  return out;
}

/** A record as the import writes it: whose it is, its content, and the file it came from. */
export interface RecordWrite {
  unitId: number;
  personId: number;
  name: string;
  json: string;
  sourceSha256: string;
  /** ISO time. */
  at: string;
}

/** New records, many to a statement (db/chunks.ts): a file of 10^5 rows is a few hundred statements, not 10^5. */
export async function insertRecords(db: Sql, kind: RecordKind, records: ReadonlyArray<{ idNumber: string; startedKey: string; write: RecordWrite }>): Promise<void> {
  const { table, column } = TABLES[kind];
  for (const part of chunks(records)) {
    await run(
      db,
      `INSERT INTO ${table} (id_number, started_key, unit_id, person_id, name, ${column}, source_sha256, created_at, updated_at)
       VALUES ${marks(part.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?)')}`,
      part.flatMap(({ idNumber, startedKey, write: r }) => [idNumber, startedKey, r.unitId, r.personId, r.name, r.json, r.sourceSha256, r.at, r.at]),
    );
  }
}

export async function updateRecord(db: Sql, kind: RecordKind, id: number, r: RecordWrite): Promise<void> {
  const { table, column } = TABLES[kind];
  await run(db, `UPDATE ${table} SET unit_id = ?, person_id = ?, name = ?, ${column} = ?, source_sha256 = ?, updated_at = ? WHERE id = ?`, [
    r.unitId,
    r.personId,
    r.name,
    r.json,
    r.sourceSha256,
    r.at,
    id,
  ]);
}
