import { z } from 'zod';
import { cachedStatement, checkedRow } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

/**
 * The sessions table: one row per login, keyed by the SHA-256 of its token (tokens.ts), never the
 * token itself. A session ends by being revoked (sign-out, a password change or reset, a disabled
 * account) or by expiring.
 */

const sessionRow = z.object({ userId: z.number(), expiresAt: z.string(), revokedAt: z.string().nullable() });
export type StoredSession = z.infer<typeof sessionRow>;

/** Read by every signed-in request: prepared once. */
export function findSession(db: Db, tokenHash: string): StoredSession | undefined {
  return checkedRow(
    sessionRow,
    cachedStatement(db, 'SELECT user_id AS userId, expires_at AS expiresAt, revoked_at AS revokedAt FROM sessions WHERE token_hash = ?').get(tokenHash),
  );
}

export function insertSession(db: Db, s: { tokenHash: string; userId: number; createdAt: string; expiresAt: string; ip: string }): void {
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)').run(
    s.tokenHash,
    s.userId,
    s.createdAt,
    s.expiresAt,
    s.ip,
  );
}

/** Forgets the sessions of anybody that expired before `beforeIso`. */
export function deleteSessionsExpiredBefore(db: Db, beforeIso: string): void {
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(beforeIso);
}

/** Ends one session (sign-out); one already ended keeps its time. */
export function revokeSession(db: Db, tokenHash: string, atIso: string): void {
  db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(atIso, tokenHash);
}

/** Ends every open session of a user, except `keepTokenHash` if given. */
export function revokeAllSessions(db: Db, userId: number, atIso: string, keepTokenHash?: string): void {
  db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash IS NOT ?').run(
    atIso,
    userId,
    keepTokenHash ?? null,
  );
}
