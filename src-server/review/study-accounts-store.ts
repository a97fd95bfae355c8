import { z } from 'zod';
import { get, run, type Sql } from '../db/sql.js';

/** The study_accounts table as final approval writes it (once per approved person). */

/** Whether a study account already has this username. */
export async function studyUsernameTaken(db: Sql, username: string): Promise<boolean> {
  return (await get(db, z.unknown(), 'SELECT 1 AS taken FROM study_accounts WHERE username = ?', [username])) !== undefined;
}

/** Stores a new study account; its password must be changed at first login. */
export async function insertStudyAccount(
  db: Sql,
  a: { personId: number; unitId: number; idNumber: string; username: string; initialPassword: string; at: string },
): Promise<void> {
  await run(
    db,
    `INSERT INTO study_accounts (person_id, unit_id, id_number, username, initial_password, must_change_password, created_at)
     VALUES (?, ?, ?, ?, ?, 1, ?)`,
    [a.personId, a.unitId, a.idNumber, a.username, a.initialPassword, a.at],
  );
}
