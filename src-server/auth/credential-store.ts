import { z } from 'zod';
import { get, run, type Sql } from '../db/sql.js';

/**
 * What signing in reads and writes on a user's row: the count of wrong passwords and the lockout,
 * the password hash (a change, or a rehash at login), the time of the last login. The rules — when
 * to count, when to lock — are the auth service's.
 */

const attemptsRow = z.object({ failed: z.number(), lockedUntil: z.string().nullable() });
export type LoginAttempts = z.infer<typeof attemptsRow>;

export async function loginAttempts(db: Sql, userId: number): Promise<LoginAttempts | undefined> {
  return get(db, attemptsRow, 'SELECT failed_logins AS failed, locked_until AS "lockedUntil" FROM users WHERE id = ?', [userId]);
}

/** Records the number of the try under way; any lockout (one that has run out) is gone. */
export async function setFailedLogins(db: Sql, userId: number, failed: number): Promise<void> {
  await run(db, 'UPDATE users SET failed_logins = ?, locked_until = NULL WHERE id = ?', [failed, userId]);
}

/** The count of wrong passwords starts again, and a lockout is lifted. */
export async function clearFailedLogins(db: Sql, userId: number): Promise<void> {
  await run(db, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?', [userId]);
}

/** The count of wrong passwords starts again (the lockout is left as it is). */
export async function resetFailedCount(db: Sql, userId: number): Promise<void> {
  await run(db, 'UPDATE users SET failed_logins = 0 WHERE id = ?', [userId]);
}

export async function lockUntil(db: Sql, userId: number, untilIso: string): Promise<void> {
  await run(db, 'UPDATE users SET locked_until = ? WHERE id = ?', [untilIso, userId]);
}

export async function recordLogin(db: Sql, userId: number, atIso: string): Promise<void> {
  await run(db, 'UPDATE users SET last_login_at = ? WHERE id = ?', [atIso, userId]);
}

/** The same password, hashed with today's parameters. */
export async function replacePasswordHash(db: Sql, userId: number, passwordHash: string): Promise<void> {
  await run(db, 'UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
}

/**
 * The user's own new password: must_change_password cleared, the count and the lockout gone. Only if
 * the stored hash is still `oldHash`; false when it is not (reset or changed elsewhere meanwhile).
 */
export async function changePasswordHash(db: Sql, userId: number, oldHash: string, newHash: string, atIso: string): Promise<boolean> {
  const changed = await run(
    db,
    `UPDATE users SET password_hash = ?, must_change_password = 0, failed_logins = 0, locked_until = NULL,
       password_changed_at = ?, updated_at = ?
     WHERE id = ? AND password_hash = ?`,
    [newHash, atIso, atIso, userId, oldHash],
  );
  return changed > 0;
}
