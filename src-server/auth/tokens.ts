import crypto from 'node:crypto';

/**
 * Login tokens: 32 random bytes in base64url (43 characters). Only the SHA-256 of a token is stored,
 * so a copy of the database does not let anyone sign in.
 */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A cheap shape check before any database work. */
export function looksLikeToken(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s);
}

/** The token of an `Authorization: Bearer <token>` header; '' when absent, null when malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m && looksLikeToken(m[1]!) ? m[1]! : null;
}
