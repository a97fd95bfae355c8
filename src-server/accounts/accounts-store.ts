import { z } from 'zod';
import {
  jurisdictionKindSchema,
  jurisdictionLevelSchema,
  reviewLevelSchema,
  roleSchema,
  type JurisdictionKind,
  type JurisdictionLevel,
  type ReviewLevel,
  type Role,
} from '../../src-shared/contract/sync-api.js';
import { all, get, insertReturningId, run, value, type Sql } from '../db/sql.js';

/**
 * The jurisdictions, units and users tables as the account directory (accounts.ts) uses them: rows
 * checked where they leave SQLite, with the names of a user's unit and jurisdiction joined in.
 */

const jurisdictionRow = z.object({
  id: z.number(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  kind: jurisdictionKindSchema,
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
  createdAt: z.string(),
});
export type Jurisdiction = z.infer<typeof jurisdictionRow>;

const unitRow = z.object({
  id: z.number(),
  name: z.string(),
  jurisdictionId: z.number(),
  jurisdictionName: z.string(),
  createdAt: z.string(),
});
export type Unit = z.infer<typeof unitRow>;

/** A user as stored, with the names of their unit and jurisdiction. */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  /** The reviewer's own jurisdiction, or the one the unit is under; null for admins. */
  jurisdictionId: number | null;
  jurisdictionName: string | null;
  jurisdictionLevel: JurisdictionLevel | null;
  /** Where that jurisdiction sits (a city or county bureau, the province, a province department). */
  jurisdictionKind: JurisdictionKind | null;
  reviewLevel: ReviewLevel | null;
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const USER_SELECT = `
  SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.unit_id AS "unitId", un.name AS "unitName",
         j.id AS "jurisdictionId", j.name AS "jurisdictionName", j.level AS "jurisdictionLevel", j.kind AS "jurisdictionKind",
         u.review_level AS "reviewLevel", u.password_hash AS "passwordHash",
         u.must_change_password AS "mustChangePassword", u.disabled, u.failed_logins AS "failedLogins",
         u.locked_until AS "lockedUntil", u.password_changed_at AS "passwordChangedAt",
         u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt"
  FROM users u
  LEFT JOIN units un ON un.id = u.unit_id
  LEFT JOIN jurisdictions j ON j.id = coalesce(u.jurisdiction_id, un.jurisdiction_id)`;

const flag = z.number().transform((n) => n === 1);
const userRow = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  jurisdictionId: z.number().nullable(),
  jurisdictionName: z.string().nullable(),
  jurisdictionLevel: jurisdictionLevelSchema.nullable(),
  jurisdictionKind: jurisdictionKindSchema.nullable(),
  reviewLevel: reviewLevelSchema.nullable(),
  passwordHash: z.string(),
  mustChangePassword: flag,
  disabled: flag,
  failedLogins: z.number(),
  lockedUntil: z.string().nullable(),
  passwordChangedAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<UserRecord, unknown>;

// ---------------------------------------------------------------------------------------------------
// Users

/** Read by every signed-in request (the session's user): prepared once. */
export async function getUser(db: Sql, id: number): Promise<UserRecord | undefined> {
  return get(db, userRow, `${USER_SELECT} WHERE u.id = ?`, [id]);
}

/**
 * By user name, ignoring the case of Latin letters: SQLite's column is COLLATE NOCASE, PostgreSQL's unique
 * index is on lower(username); lower() on both sides says the same to either.
 */
export async function findUserByUsername(db: Sql, username: string): Promise<UserRecord | undefined> {
  return get(db, userRow, `${USER_SELECT} WHERE lower(u.username) = lower(?)`, [username.trim()]);
}

export async function listUsers(db: Sql): Promise<UserRecord[]> {
  return all(db, userRow, `${USER_SELECT} ORDER BY u.role, u.username`);
}

/** A new account, whose password must be changed at the first login. Returns its id. */
export async function insertUser(
  db: Sql,
  u: {
    username: string;
    displayName: string;
    role: Role;
    unitId: number | null;
    jurisdictionId: number | null;
    reviewLevel: ReviewLevel | null;
    passwordHash: string;
  },
  atIso: string,
): Promise<number> {
  return insertReturningId(
    db,
    `INSERT INTO users (username, display_name, role, unit_id, jurisdiction_id, review_level, password_hash,
       must_change_password, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
    [u.username, u.displayName, u.role, u.unitId, u.jurisdictionId, u.reviewLevel, u.passwordHash, atIso, atIso],
  );
}

/** An administrator's reset: the new password must be changed at the next login, and a lockout is lifted. */
export async function setResetPassword(db: Sql, userId: number, passwordHash: string, atIso: string): Promise<void> {
  await run(
    db,
    `UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL, updated_at = ?
     WHERE id = ?`,
    [passwordHash, atIso, userId],
  );
}

export async function setUserDisabled(db: Sql, userId: number, disabled: boolean, atIso: string): Promise<void> {
  await run(db, 'UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?', [disabled ? 1 : 0, atIso, userId]);
}

// ---------------------------------------------------------------------------------------------------
// Jurisdictions and units

const JURISDICTION_SELECT = `
  SELECT j.id, j.name, j.level, j.kind, j.parent_id AS "parentId", p.name AS "parentName", j.created_at AS "createdAt"
  FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id`;

export async function listJurisdictions(db: Sql): Promise<Jurisdiction[]> {
  // Cities first, each followed by its counties.
  return all(db, jurisdictionRow, `${JURISDICTION_SELECT} ORDER BY coalesce(j.parent_id, j.id), CASE WHEN j.parent_id IS NULL THEN 0 ELSE 1 END, j.id`);
}

export async function getJurisdiction(db: Sql, id: number): Promise<Jurisdiction | undefined> {
  return get(db, jurisdictionRow, `${JURISDICTION_SELECT} WHERE j.id = ?`, [id]);
}

/** The id of the jurisdiction of that name under `parentId` (null: the cities), if there is one. */
export async function jurisdictionIdNamed(db: Sql, parentId: number | null, name: string): Promise<number | undefined> {
  return value(db, z.number(), 'SELECT id FROM jurisdictions WHERE coalesce(parent_id, 0) = ? AND name = ?', [parentId ?? 0, name]);
}

export async function insertJurisdiction(
  db: Sql,
  j: { name: string; level: JurisdictionLevel; kind: JurisdictionKind; parentId: number | null },
  atIso: string,
): Promise<number> {
  return insertReturningId(db, 'INSERT INTO jurisdictions (name, level, kind, parent_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id', [
    j.name,
    j.level,
    j.kind,
    j.parentId,
    atIso,
  ]);
}

const UNIT_SELECT = `
  SELECT u.id, u.name, u.jurisdiction_id AS "jurisdictionId", j.name AS "jurisdictionName", u.created_at AS "createdAt"
  FROM units u JOIN jurisdictions j ON j.id = u.jurisdiction_id`;

export async function listUnits(db: Sql): Promise<Unit[]> {
  return all(db, unitRow, `${UNIT_SELECT} ORDER BY u.jurisdiction_id, u.id`);
}

export async function getUnit(db: Sql, id: number): Promise<Unit | undefined> {
  return get(db, unitRow, `${UNIT_SELECT} WHERE u.id = ?`, [id]);
}

/** The id of the unit of that name under the jurisdiction, if there is one. */
export async function unitIdNamed(db: Sql, jurisdictionId: number, name: string): Promise<number | undefined> {
  return value(db, z.number(), 'SELECT id FROM units WHERE jurisdiction_id = ? AND name = ?', [jurisdictionId, name]);
}

export async function insertUnit(db: Sql, u: { name: string; jurisdictionId: number }, atIso: string): Promise<number> {
  return insertReturningId(db, 'INSERT INTO units (name, jurisdiction_id, created_at) VALUES (?, ?, ?) RETURNING id', [u.name, u.jurisdictionId, atIso]);
}
