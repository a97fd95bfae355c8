import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { PASSED_WORDS } from '../../src-shared/rules/certificate-validity.js';
import type { Db } from './open-store.js';

/**
 * 取证's SQL (migration 0010): the passed people (approved here, with an imported score of their ID
 * number that says passed) with their batch's exam and their number, and the certificates table.
 */

const passedRow = z.object({
  personId: z.number().int(),
  batchId: z.string(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  agency: z.string(),
  batchNumber: z.string(),
  examId: z.number().int().nullable(),
  examName: z.string(),
  scoreJson: z.string(),
  certNo: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  uploadedAt: z.string().nullable(),
});
export type PassedPerson = z.infer<typeof passedRow>;

const PASSED_LIST = PASSED_WORDS.map(() => '?').join(', ');

/**
 * Passed people, by exam, batch and row, at most `limit`. The score is the latest passed one of the ID
 * number (exam_scores keeps one row per exam start).
 */
export function passedPeople(db: Db, limit: number): PassedPerson[] {
  return checkedRows(
    passedRow,
    db
      .prepare(
        `SELECT p.id AS personId, p.batch_id AS batchId, p.name, p.id_number AS idNumber, p.gender, p.birth_date AS birthDate, p.agency,
                b.number AS batchNumber, b.exam_id AS examId, b.exam_name AS examName, s.score AS scoreJson,
                c.cert_no AS certNo, c.valid_from AS validFrom, c.valid_to AS validTo, c.uploaded_at AS uploadedAt
         FROM persons p
         JOIN batches b ON b.id = p.batch_id
         JOIN exam_scores s ON s.rowid = (
           SELECT e.rowid FROM exam_scores e
           WHERE e.id_number = p.id_number AND replace(json_extract(e.score, '$.passed'), ' ', '') IN (${PASSED_LIST})
           ORDER BY e.started_at DESC LIMIT 1)
         LEFT JOIN certificates c ON c.person_id = p.id
         WHERE p.status = 'approved'
         ORDER BY coalesce(b.exam_id, 0) DESC, b.created_at, p.batch_id, coalesce(p.row_number, 1e9), p.id
         LIMIT ?`,
      )
      .all(...PASSED_WORDS, limit),
  );
}

/** The person holding `certNo` here, if any. */
export function holderOf(db: Db, certNo: string): number | undefined {
  return checkedRow(z.number().int(), db.prepare('SELECT person_id FROM certificates WHERE cert_no = ?').pluck().get(certNo));
}

export function insertCertificate(db: Db, c: { personId: number; certNo: string; validFrom: string; validTo: string; pattern: string; savedAt: string }): void {
  db.prepare('INSERT INTO certificates (person_id, cert_no, valid_from, valid_to, pattern, saved_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    c.personId, c.certNo, c.validFrom, c.validTo, c.pattern, c.savedAt,
  );
}

/** The server took the number (same number; a changed one since is left alone). */
export function markUploaded(db: Db, personId: number, certNo: string, at: string): void {
  db.prepare("UPDATE certificates SET uploaded_at = ? WHERE person_id = ? AND cert_no = ? AND uploaded_at = ''").run(at, personId, certNo);
}

/** Drops the numbers of these people the server has not taken; answers how many went. */
export function deleteUnuploaded(db: Db, personIds: readonly number[]): number {
  const stmt = db.prepare("DELETE FROM certificates WHERE person_id = ? AND uploaded_at = ''");
  return personIds.reduce((n, id) => n + stmt.run(id).changes, 0);
}
