import { z } from 'zod';
import { cachedStatement, checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';
import type { RecordKind } from './record-kinds.js';

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

const approvedPersonRow = z.object({ id: z.number(), unitId: z.number(), unitName: z.string(), name: z.string() });
/** An approved person, with the unit a record of theirs goes to. */
export type ApprovedPerson = z.infer<typeof approvedPersonRow>;

/** Approved persons in the whole store: 0 means nothing can match. */
export function countApprovedPersons(db: Db): number {
  return checkedRow(z.number(), db.prepare("SELECT count(*) FROM persons WHERE status = 'approved'").pluck().get()) ?? 0;
}

/** The approved person with this ID number (the latest updated if there are several), or undefined. */
export function findApprovedPerson(db: Db, idNumber: string): ApprovedPerson | undefined {
  return checkedRow(
    approvedPersonRow,
    cachedStatement(
      db,
      `SELECT p.id, p.unit_id AS unitId, u.name AS unitName, p.name
       FROM persons p JOIN units u ON u.id = p.unit_id
       WHERE p.id_number = ? AND p.status = 'approved'
       ORDER BY p.updated_at DESC, p.id DESC LIMIT 1`,
    ).get(idNumber),
  );
}

// The JSON stays text: it is only compared with the JSON the import would write.
const storedRecordRow = z.object({ id: z.number(), unitId: z.number(), name: z.string(), json: z.string() });
export type StoredRecord = z.infer<typeof storedRecordRow>;

/** The record stored under (ID number, start time), or undefined. */
export function findRecord(db: Db, kind: RecordKind, idNumber: string, startedKey: string): StoredRecord | undefined {
  const { table, column } = TABLES[kind];
  return checkedRow(
    storedRecordRow,
    cachedStatement(db, `SELECT id, unit_id AS unitId, name, ${column} AS json FROM ${table} WHERE id_number = ? AND started_key = ?`).get(
      idNumber,
      startedKey,
    ),
  );
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

export function insertRecord(db: Db, kind: RecordKind, idNumber: string, startedKey: string, r: RecordWrite): void {
  const { table, column } = TABLES[kind];
  cachedStatement(
    db,
    `INSERT INTO ${table} (id_number, started_key, unit_id, person_id, name, ${column}, source_sha256, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(idNumber, startedKey, r.unitId, r.personId, r.name, r.json, r.sourceSha256, r.at, r.at);
}

export function updateRecord(db: Db, kind: RecordKind, id: number, r: RecordWrite): void {
  const { table, column } = TABLES[kind];
  cachedStatement(db, `UPDATE ${table} SET unit_id = ?, person_id = ?, name = ?, ${column} = ?, source_sha256 = ?, updated_at = ? WHERE id = ?`).run(
    r.unitId,
    r.personId,
    r.name,
    r.json,
    r.sourceSha256,
    r.at,
    id,
  );
}
