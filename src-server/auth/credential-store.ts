import { z } from 'zod';
import { checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/**
 * What signing in reads and writes on a user's row: the count of wrong passwords and the lockout,
 * the password hash (a change, or a rehash at login), the time of the last login. The rules — when
 * to count, when to lock — are the auth service's.
 */

const attemptsRow = z.object({ failed: z.number(), lockedUntil: z.string().nullable() });
export type LoginAttempts = z.infer<typeof attemptsRow>;

export function loginAttempts(db: Db, userId: number): LoginAttempts | undefined {
  return checkedRow(attemptsRow, db.prepare('SELECT failed_logins AS failed, locked_until AS lockedUntil FROM users WHERE id = ?').get(userId));
}

/** Records the number of the try under way; any lockout (one that has run out) is gone. */
export function setFailedLogins(db: Db, userId: number, failed: number): void {
  db.prepare('UPDATE users SET failed_logins = ?, locked_until = NULL WHERE id = ?').run(failed, userId);
}

/** The count of wrong passwords starts again, and a lockout is lifted. */
export function clearFailedLogins(db: Db, userId: number): void {
  db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(userId);
}

/** The count of wrong passwords starts again (the lockout is left as it is). */
export function resetFailedCount(db: Db, userId: number): void {
  db.prepare('UPDATE users SET failed_logins = 0 WHERE id = ?').run(userId);
}

export function lockUntil(db: Db, userId: number, untilIso: string): void {
  db.prepare('UPDATE users SET locked_until = ? WHERE id = ?').run(untilIso, userId);
}

export function recordLogin(db: Db, userId: number, atIso: string): void {
  db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(atIso, userId);
}

/** The same password, hashed with today's parameters. */
export function replacePasswordHash(db: Db, userId: number, passwordHash: string): void {
  db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
}

/**
 * The user's own new password: must_change_password cleared, the count and the lockout gone. Only if
 * the stored hash is still `oldHash`; false when it is not (reset or changed elsewhere meanwhile).
 */
export function changePasswordHash(db: Db, userId: number, oldHash: string, newHash: string, atIso: string): boolean {
  const changed = db
    .prepare(
      `UPDATE users SET password_hash = ?, must_change_password = 0, failed_logins = 0, locked_until = NULL,
         password_changed_at = ?, updated_at = ?
       WHERE id = ? AND password_hash = ?`,
    )
    .run(newHash, atIso, atIso, userId, oldHash).changes;
  return changed > 0;
}
