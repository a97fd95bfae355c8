import type { AdminDirectoryResponse, AdminJurisdiction, AdminUnit, AdminUser } from '../../src-shared/contract/sync-api.js';
import { AccountError, isLocked, listJurisdictions, listUnits, listUsers, userAdminFields, type Jurisdiction, type Unit, type UserRecord } from '../accounts/accounts.js';
import type { Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';

/** The account directory as the console sees it: names and states, never a password hash. */

export function jurisdictionView(j: Jurisdiction): AdminJurisdiction {
  return { id: j.id, name: j.name, level: j.level, kind: j.kind, parentId: j.parentId, parentName: j.parentName };
}

export function unitView(u: Unit): AdminUnit {
  return { id: u.id, name: u.name, jurisdictionId: u.jurisdictionId, jurisdictionName: u.jurisdictionName };
}

export function adminUserView(u: UserRecord, now: Date): AdminUser {
  // A lock that has run out is no lock: the console shows only one still in force.
  return { ...userAdminFields(u), lockedUntil: isLocked(u, now) ? u.lockedUntil : null, createdAt: u.createdAt };
}

export async function directoryView(db: Sql, now: Date): Promise<AdminDirectoryResponse> {
  const [jurisdictions, units, users] = await Promise.all([listJurisdictions(db), listUnits(db), listUsers(db)]);
  return {
    jurisdictions: jurisdictions.map(jurisdictionView),
    units: units.map(unitView),
    users: users.map((u) => adminUserView(u, now)),
  };
}

/**
 * Runs an account change; an AccountError becomes the console's answer: not found 404, already there
 * 409 admin.conflict, anything else 400. The messages were written for the admin command; its hint to
 * run `list` becomes one to refresh the page.
 */
export async function accountChange<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AccountError)) throw e;
    const message = e.message.replace(/，?请(检查名称或)?先用 list 查看。?/, (_all, check?: string) => `，请${check ? '检查名称或' : ''}刷新页面后重试。`);
    if (e.code === 'not_found') throw new ApiError(404, 'not_found', message);
    if (e.code === 'duplicate') throw new ApiError(409, 'admin.conflict', message);
    throw new ApiError(400, 'request.invalid', message);
  }
}
