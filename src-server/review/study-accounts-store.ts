import { cachedStatement } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/** The study_accounts table as final approval writes it (once per approved person: the statements are kept). */

/** Whether a study account already has this username. */
export function studyUsernameTaken(db: Db, username: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM study_accounts WHERE username = ?').get(username) !== undefined;
}

/** Stores a new study account; its password must be changed at first login. */
export function insertStudyAccount(
  db: Db,
  a: { personId: number; unitId: number; idNumber: string; username: string; initialPassword: string; at: string },
): void {
  cachedStatement(
    db,
    `INSERT INTO study_accounts (person_id, unit_id, id_number, username, initial_password, must_change_password, created_at)
     VALUES (?, ?, ?, ?, ?, 1, ?)`,
  ).run(a.personId, a.unitId, a.idNumber, a.username, a.initialPassword, a.at);
}
