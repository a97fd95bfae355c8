import { z } from 'zod';
import { get, run, type Sql } from '../db/sql.js';

/**
 * The sessions table: one row per login, keyed by the SHA-256 of its token (tokens.ts), never the
 * token itself. A session ends by being revoked (sign-out, a password change or reset, a disabled
 * account) or by expiring.
 */

const sessionRow = z.object({ userId: z.number(), expiresAt: z.string(), revokedAt: z.string().nullable() });
export type StoredSession = z.infer<typeof sessionRow>;

/** Read by every signed-in request: prepared once. */
export async function findSession(db: Sql, tokenHash: string): Promise<StoredSession | undefined> {
  return get(db, sessionRow, 'SELECT user_id AS "userId", expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM sessions WHERE token_hash = ?', [tokenHash]);
}

export async function insertSession(db: Sql, s: { tokenHash: string; userId: number; createdAt: string; expiresAt: string; ip: string }): Promise<void> {
  await run(db, 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)', [
    s.tokenHash,
    s.userId,
    s.createdAt,
    s.expiresAt,
    s.ip,
  ]);
}

/** Forgets the sessions of anybody that expired before `beforeIso`. */
export async function deleteSessionsExpiredBefore(db: Sql, beforeIso: string): Promise<void> {
  await run(db, 'DELETE FROM sessions WHERE expires_at < ?', [beforeIso]);
}

/** Ends one session (sign-out); one already ended keeps its time. */
export async function revokeSession(db: Sql, tokenHash: string, atIso: string): Promise<void> {
  await run(db, 'UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [atIso, tokenHash]);
}

/** Ends every open session of a user, except `keepTokenHash` if given. */
export async function revokeAllSessions(db: Sql, userId: number, atIso: string, keepTokenHash?: string): Promise<void> {
  await run(db, 'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash IS DISTINCT FROM CAST(? AS TEXT)', [
    atIso,
    userId,
    keepTokenHash ?? null,
  ]);
}
