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
import { cachedStatement, checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from '../db/open-db.js';

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
  SELECT u.id, u.username, u.display_name AS displayName, u.role, u.unit_id AS unitId, un.name AS unitName,
         j.id AS jurisdictionId, j.name AS jurisdictionName, j.level AS jurisdictionLevel, j.kind AS jurisdictionKind,
         u.review_level AS reviewLevel, u.password_hash AS passwordHash,
         u.must_change_password AS mustChangePassword, u.disabled, u.failed_logins AS failedLogins,
         u.locked_until AS lockedUntil, u.password_changed_at AS passwordChangedAt,
         u.last_login_at AS lastLoginAt, u.created_at AS createdAt, u.updated_at AS updatedAt
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
export function getUser(db: Db, id: number): UserRecord | undefined {
  return checkedRow(userRow, cachedStatement(db, `${USER_SELECT} WHERE u.id = ?`).get(id));
}

/** By user name, ignoring the case of Latin letters (the column is COLLATE NOCASE). */
export function findUserByUsername(db: Db, username: string): UserRecord | undefined {
  return checkedRow(userRow, db.prepare(`${USER_SELECT} WHERE u.username = ?`).get(username.trim()));
}

export function listUsers(db: Db): UserRecord[] {
  return checkedRows(userRow, db.prepare(`${USER_SELECT} ORDER BY u.role, u.username`).all());
}

/** A new account, whose password must be changed at the first login. Returns its id. */
export function insertUser(
  db: Db,
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
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO users (username, display_name, role, unit_id, jurisdiction_id, review_level, password_hash,
           must_change_password, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(u.username, u.displayName, u.role, u.unitId, u.jurisdictionId, u.reviewLevel, u.passwordHash, atIso, atIso).lastInsertRowid,
  );
}

/** An administrator's reset: the new password must be changed at the next login, and a lockout is lifted. */
export function setResetPassword(db: Db, userId: number, passwordHash: string, atIso: string): void {
  db.prepare(
    `UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(passwordHash, atIso, userId);
}

export function setUserDisabled(db: Db, userId: number, disabled: boolean, atIso: string): void {
  db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(disabled ? 1 : 0, atIso, userId);
}

// ---------------------------------------------------------------------------------------------------
// Jurisdictions and units

const JURISDICTION_SELECT = `
  SELECT j.id, j.name, j.level, j.kind, j.parent_id AS parentId, p.name AS parentName, j.created_at AS createdAt
  FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id`;

export function listJurisdictions(db: Db): Jurisdiction[] {
  // Cities first, each followed by its counties.
  return checkedRows(jurisdictionRow, db.prepare(`${JURISDICTION_SELECT} ORDER BY coalesce(j.parent_id, j.id), j.parent_id IS NOT NULL, j.id`).all());
}

export function getJurisdiction(db: Db, id: number): Jurisdiction | undefined {
  return checkedRow(jurisdictionRow, db.prepare(`${JURISDICTION_SELECT} WHERE j.id = ?`).get(id));
}

/** The id of the jurisdiction of that name under `parentId` (null: the cities), if there is one. */
export function jurisdictionIdNamed(db: Db, parentId: number | null, name: string): number | undefined {
  return checkedRow(z.number(), db.prepare('SELECT id FROM jurisdictions WHERE ifnull(parent_id, 0) = ? AND name = ?').pluck().get(parentId ?? 0, name));
}

export function insertJurisdiction(db: Db, j: { name: string; level: JurisdictionLevel; kind: JurisdictionKind; parentId: number | null }, atIso: string): number {
  return Number(
    db
      .prepare('INSERT INTO jurisdictions (name, level, kind, parent_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(j.name, j.level, j.kind, j.parentId, atIso).lastInsertRowid,
  );
}

const UNIT_SELECT = `
  SELECT u.id, u.name, u.jurisdiction_id AS jurisdictionId, j.name AS jurisdictionName, u.created_at AS createdAt
  FROM units u JOIN jurisdictions j ON j.id = u.jurisdiction_id`;

export function listUnits(db: Db): Unit[] {
  return checkedRows(unitRow, db.prepare(`${UNIT_SELECT} ORDER BY u.jurisdiction_id, u.id`).all());
}

export function getUnit(db: Db, id: number): Unit | undefined {
  return checkedRow(unitRow, db.prepare(`${UNIT_SELECT} WHERE u.id = ?`).get(id));
}

/** The id of the unit of that name under the jurisdiction, if there is one. */
export function unitIdNamed(db: Db, jurisdictionId: number, name: string): number | undefined {
  return checkedRow(z.number(), db.prepare('SELECT id FROM units WHERE jurisdiction_id = ? AND name = ?').pluck().get(jurisdictionId, name));
}

export function insertUnit(db: Db, u: { name: string; jurisdictionId: number }, atIso: string): number {
  return Number(db.prepare('INSERT INTO units (name, jurisdiction_id, created_at) VALUES (?, ?, ?)').run(u.name, u.jurisdictionId, atIso).lastInsertRowid);
}
