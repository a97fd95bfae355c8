import crypto from 'node:crypto';
import { weakPasswordReason } from '../../src-shared/weak-passwords.js';

/**
 * Password hashes: scrypt with a random 16-byte salt, its parameters stored in the hash string so
 * they can be raised later without breaking old accounts (`needsRehash` tells when to re-hash at the
 * next successful login). Format: `scrypt$<N>$<r>$<p>$<salt base64url>$<key base64url>`.
 *
 * N=2^15, r=8, p=3 is one of OWASP's recommended scrypt settings: 32 MiB of memory per hash, tens of
 * milliseconds of CPU, run on libuv's thread pool so a login never blocks other requests.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Refuse absurd parameters from a tampered row instead of letting them eat the machine.
const MAX_N = 2 ** 20;
const MAX_RP = 64;

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN)) as [number, number, number];
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= MAX_RP && p >= 1 && p <= MAX_RP)) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const key = await scrypt(password, h.salt, h.key.length, h);
  return crypto.timingSafeEqual(key, h.key);
}

/** True when the hash was made with other parameters than today's. */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const h = parseHash(stored);
  return !h || h.N !== params.N || h.r !== params.r || h.p !== params.p;
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same time as a real check, for a user name that does not exist: the answer's timing must
 * not tell which user names are real.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0');
  await verifyPassword(password, await dummyHash);
}

// No 0/O, 1/l/I: an initial password is read off a screen or a sheet of paper and typed in.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A random initial password of `length` characters with letters and digits (meets the policy, deny list included). */
export function generatePassword(length = 12): string {
  const all = LETTERS + DIGITS;
  for (;;) {
    let s = '';
    for (let i = 0; i < length; i++) s += all[crypto.randomInt(all.length)];
    if (/[A-Za-z]/.test(s) && /[0-9]/.test(s) && weakPasswordReason(s) === null) return s;
  }
}
