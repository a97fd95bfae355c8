import { z } from 'zod';
import { checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';

/**
 * The study platform's records as the change feed brings them: accounts (学习账号), study records and
 * exam scores. Each is stored under the server's sequence number, so a feed page applied twice (a
 * crash before its cursor was stored) changes nothing the second time. Read by records-query.ts.
 */

/** Returns whether the account is new here (false: that change was applied before). */
export function insertStudyAccount(
  db: Db,
  a: { seq: number; personId: number | null; idNumber: string; name: string; username: string; initialPassword: string; createdAt: string },
): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO study_accounts (seq, person_id, id_number, name, username, initial_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(a.seq, a.personId, a.idNumber, a.name, a.username, a.initialPassword, a.createdAt).changes > 0
  );
}

/**
 * A study record or exam score: the latest per person and start time. A later sequence number
 * replaces an earlier one; the same or an older one changes nothing. Returns whether it was stored.
 */
function upsertLatest(
  db: Db,
  table: 'study_records' | 'exam_scores',
  column: 'record' | 'score',
  c: { seq: number; idNumber: string; name: string },
  startedAt: string,
  value: object,
): boolean {
  return (
    db
      .prepare(
        `INSERT INTO ${table} (seq, id_number, name, started_at, ${column}) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id_number, started_at) DO UPDATE SET seq = excluded.seq, name = excluded.name, ${column} = excluded.${column}
         WHERE excluded.seq > ${table}.seq`,
      )
      .run(c.seq, c.idNumber, c.name, startedAt, JSON.stringify(value)).changes > 0
  );
}

export function upsertStudyRecord(db: Db, c: { seq: number; idNumber: string; name: string }, record: { startedAt: string }): boolean {
  return upsertLatest(db, 'study_records', 'record', c, record.startedAt, record);
}

export function upsertExamScore(db: Db, c: { seq: number; idNumber: string; name: string }, score: { startedAt: string }): boolean {
  return upsertLatest(db, 'exam_scores', 'score', c, score.startedAt, score);
}

export function countStudyAccounts(db: Db): number {
  return checkedRow(z.number(), db.prepare('SELECT COUNT(*) FROM study_accounts').pluck().get()) ?? 0;
}
