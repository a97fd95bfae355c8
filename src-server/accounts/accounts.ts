import { JURISDICTION_KIND_NAME, KIND_LEVEL, provinceKind, type JurisdictionKind, type ReviewLevel, type Role, type UserView } from '../../src-shared/contract/sync-api.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import {
  findUserByUsername,
  getJurisdiction,
  getUnit,
  getUser,
  insertJurisdiction,
  insertUnit,
  insertUser,
  jurisdictionIdNamed,
  listJurisdictions,
  listUnits,
  setResetPassword,
  setUserDisabled,
  unitIdNamed,
  type Jurisdiction,
  type Unit,
  type UserRecord,
} from './accounts-store.js';
import { revokeAllSessions } from '../auth/session-store.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import { cleanLine } from '../../src-shared/rules/text.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * The account directory: judicial bureaus (司法局, city or county), the 执法单位 under them, and the
 * users — unit clerks, reviewers (county or city level, with a jurisdiction) and administrators. The
 * admin command line writes here; the auth service reads. Every change is audited in its transaction.
 * The tables are accounts-store.ts's; its reads are the directory's too, and are passed on from here.
 */
export {
  getUser,
  listJurisdictions,
  listUnits,
  listUsers,
  type Jurisdiction,
  type Unit,
  type UserRecord,
} from './accounts-store.js';

/** Who is acting and when: a signed-in user, or the admin command line (userId null). */
export interface Actor {
  userId: number | null;
  name: string;
  now(): Date;
  ip?: string;
}

/** Input that cannot be used (unknown name, duplicate, wrong role shape); the message is Chinese. */
export class AccountError extends CodedError<'not_found' | 'duplicate' | 'invalid' | 'ambiguous'> {
  override name = 'AccountError';
  constructor(code: AccountError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export const ROLE_NAME: Record<Role, string> = { unit: '执法单位', reviewer: '审核人员', admin: '管理员' };

/** Whether wrong passwords have the account locked at `now`. */
export function isLocked(u: Pick<UserRecord, 'lockedUntil'>, now: Date): boolean {
  return u.lockedUntil !== null && u.lockedUntil > now.toISOString();
}

/** A user as an administrator sees it (admin CLI --json, the console's directory): never the hash or the counters. */
export function userAdminFields(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitName: u.unitName,
    jurisdictionId: u.jurisdictionId,
    jurisdictionName: u.jurisdictionName,
    reviewLevel: u.reviewLevel,
    mustChangePassword: u.mustChangePassword,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
  };
}

/** What the API shows a caller about their own account. */
export function userView(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName || u.username,
    role: u.role,
    unit: u.unitId !== null && u.unitName !== null ? { id: u.unitId, name: u.unitName } : null,
    jurisdiction:
      u.jurisdictionId !== null && u.jurisdictionName !== null && u.jurisdictionLevel !== null
        ? { id: u.jurisdictionId, name: u.jurisdictionName, level: u.jurisdictionLevel, ...provinceKind(u.jurisdictionKind) }
        : null,
    reviewLevel: u.reviewLevel,
    mustChangePassword: u.mustChangePassword,
  };
}

// ---------------------------------------------------------------------------------------------------
// Jurisdictions and units

function cleanName(name: string, what: string): string {
  // Bidi overrides, zero-width and other invisible characters removed; line breaks and tabs one space.
  const s = cleanLine(name);
  if (s === '') throw new AccountError('invalid', `${what}名称不能为空。`);
  if (s.length > 100) throw new AccountError('invalid', `${what}名称太长（最多 100 个字），请检查。`);
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new AccountError('invalid', `${what}名称里有不可见的控制字符，请重新输入。`);
  return s;
}

/**
 * Adds a jurisdiction. `level` names its kind: a city bureau or the province (no parent), a county
 * bureau (under a city bureau) or a province department (under the province, reviewed finally by it).
 * The review tier follows from the kind (KIND_LEVEL).
 */
export async function addJurisdiction(
  db: Sql,
  input: { name: string; level: JurisdictionKind; parentId: number | null },
  actor: Actor,
): Promise<Jurisdiction> {
  const name = cleanName(input.name, input.level === 'department' ? '部门' : '司法局');
  const kind = input.level;
  if ((kind === 'city' || kind === 'province') && input.parentId !== null) {
    throw new AccountError('invalid', `${JURISDICTION_KIND_NAME[kind]}不设上级，请去掉 --parent；县级司法局用 --parent 指定所属的市级司法局，省直部门用 --parent 指定省级司法厅。`);
  }
  if (kind === 'county' || kind === 'department') {
    const above: JurisdictionKind = kind === 'county' ? 'city' : 'province';
    if (input.parentId === null) {
      throw new AccountError('invalid', `${JURISDICTION_KIND_NAME[kind]}必须指定所属的${JURISDICTION_KIND_NAME[above]}：请加上 --parent <${JURISDICTION_KIND_NAME[above]}的编号或名称>。`);
    }
    const parent = await getJurisdiction(db, input.parentId);
    if (!parent) throw new AccountError('not_found', `没有编号为 ${input.parentId} 的司法局，请先用 list 查看。`);
    if (parent.kind !== above) {
      throw new AccountError('invalid', `“${parent.name}”是${JURISDICTION_KIND_NAME[parent.kind]}，${JURISDICTION_KIND_NAME[kind]}只能设在${JURISDICTION_KIND_NAME[above]}之下。`);
    }
  }
  const level = KIND_LEVEL[kind];
  return transaction(db, async (t) => {
    const dup = await jurisdictionIdNamed(t, input.parentId, name);
    if (dup !== undefined) throw new AccountError('duplicate', `司法局“${name}”已经存在（编号 ${dup}），不用重复添加。`);
    const at = actor.now().toISOString();
    const id = await insertJurisdiction(t, { name, level, kind, parentId: input.parentId }, at);
    await recordAudit(t, {
      at: actor.now(),
      actorUserId: actor.userId,
      actor: actor.name,
      action: 'jurisdiction.add',
      entity: 'jurisdiction',
      entityId: id,
      detail: { name, level, kind, parentId: input.parentId },
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    return (await getJurisdiction(t, id))!;
  });
}

export async function addUnit(db: Sql, input: { name: string; jurisdictionId: number }, actor: Actor): Promise<Unit> {
  const name = cleanName(input.name, '执法单位');
  const j = await getJurisdiction(db, input.jurisdictionId);
  if (!j) throw new AccountError('not_found', `没有编号为 ${input.jurisdictionId} 的司法局，请先用 list 查看。`);
  return transaction(db, async (t) => {
    const dup = await unitIdNamed(t, j.id, name);
    if (dup !== undefined) throw new AccountError('duplicate', `“${j.name}”下已经有执法单位“${name}”（编号 ${dup}），不用重复添加。`);
    const at = actor.now().toISOString();
    const id = await insertUnit(t, { name, jurisdictionId: j.id }, at);
    await recordAudit(t, {
      at: actor.now(),
      actorUserId: actor.userId,
      actor: actor.name,
      action: 'unit.add',
      entity: 'unit',
      entityId: id,
      detail: { name, jurisdictionId: j.id },
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    return (await getUnit(t, id))!;
  });
}

// ---------------------------------------------------------------------------------------------------
// Users

/** Letters (Chinese too), digits and . _ - @; 2 to 64 characters; no spaces. */
const USERNAME_RE = /^[\p{L}\p{N}._@-]{2,64}$/u;

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  /** Required for role unit. */
  unitId?: number | null;
  /** Required for role reviewer. */
  jurisdictionId?: number | null;
  /** For reviewers; defaults to the level of their jurisdiction. */
  reviewLevel?: ReviewLevel | null;
}

/**
 * Adds a user with a random initial password that must be changed at first login. The password is
 * returned once, to be handed over; only its hash is kept.
 */
export async function addUser(db: Sql, input: NewUser, actor: Actor): Promise<{ user: UserRecord; initialPassword: string }> {
  const username = input.username.normalize('NFC').trim();
  if (!USERNAME_RE.test(username)) {
    throw new AccountError('invalid', `用户名“${username}”不能用：只能由字母、汉字、数字和 . _ - @ 组成，2 到 64 位，不能有空格。`);
  }
  const displayName = input.displayName === undefined ? '' : cleanName(input.displayName, '显示');
  let unitId: number | null = null;
  let jurisdictionId: number | null = null;
  let reviewLevel: ReviewLevel | null = null;
  if (input.role === 'unit') {
    if (input.unitId == null) throw new AccountError('invalid', '执法单位账号必须指定所属单位：请加上 --unit <单位编号或名称>。');
    if (input.jurisdictionId != null || input.reviewLevel != null) {
      throw new AccountError('invalid', '执法单位账号只需 --unit，不要再加 --jurisdiction 或 --level。');
    }
    if (!(await getUnit(db, input.unitId))) throw new AccountError('not_found', `没有编号为 ${input.unitId} 的执法单位，请先用 list 查看。`);
    unitId = input.unitId;
  } else if (input.role === 'reviewer') {
    if (input.jurisdictionId == null) {
      throw new AccountError('invalid', '审核人员账号必须指定所属司法局：请加上 --jurisdiction <司法局编号或名称>。');
    }
    if (input.unitId != null) throw new AccountError('invalid', '审核人员账号不属于执法单位，请去掉 --unit。');
    const j = await getJurisdiction(db, input.jurisdictionId);
    if (!j) throw new AccountError('not_found', `没有编号为 ${input.jurisdictionId} 的司法局，请先用 list 查看。`);
    // A province department's legal office reviews first and the province finally, always: their
    // reviewers review at their own tier, never at the other.
    if ((j.kind === 'province' || j.kind === 'department') && input.reviewLevel != null && input.reviewLevel !== j.level) {
      throw new AccountError('invalid', `“${j.name}”是${JURISDICTION_KIND_NAME[j.kind]}，它的审核人员只能做${j.kind === 'department' ? '初审' : '终审'}，请去掉 --level。`);
    }
    jurisdictionId = j.id;
    reviewLevel = input.reviewLevel ?? j.level;
  } else if (input.unitId != null || input.jurisdictionId != null || input.reviewLevel != null) {
    throw new AccountError('invalid', '管理员账号不属于任何单位或司法局，请去掉 --unit、--jurisdiction 和 --level。');
  }
  if (await findUserByUsername(db, username)) throw new AccountError('duplicate', `用户名“${username}”已经有人用了，请换一个。`);

  const initialPassword = generatePassword();
  const hash = await hashPassword(initialPassword);
  return transaction(db, async (t) => {
    // Checked again inside the transaction: another add may have run while the hash was computed.
    if (await findUserByUsername(t, username)) throw new AccountError('duplicate', `用户名“${username}”已经有人用了，请换一个。`);
    const at = actor.now().toISOString();
    const id = await insertUser(t, { username, displayName, role: input.role, unitId, jurisdictionId, reviewLevel, passwordHash: hash }, at);
    await recordAudit(t, {
      at: actor.now(),
      actorUserId: actor.userId,
      actor: actor.name,
      action: 'user.add',
      entity: 'user',
      entityId: id,
      detail: { username, role: input.role, unitId, jurisdictionId, reviewLevel },
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    return { user: (await getUser(t, id))!, initialPassword };
  });
}

/**
 * Gives the user a new random password that must be changed at the next login, lifts a lockout and
 * ends every session. Returns the password, once.
 */
export async function resetPassword(db: Sql, userId: number, actor: Actor): Promise<string> {
  if (!(await getUser(db, userId))) throw new AccountError('not_found', `没有编号为 ${userId} 的用户，请先用 list 查看。`);
  const password = generatePassword();
  const hash = await hashPassword(password);
  await transaction(db, async (t) => {
    const at = actor.now().toISOString();
    await setResetPassword(t, userId, hash, at);
    await revokeAllSessions(t, userId, at);
    await recordAudit(t, {
      at: actor.now(),
      actorUserId: actor.userId,
      actor: actor.name,
      action: 'user.reset_password',
      entity: 'user',
      entityId: userId,
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
  });
  return password;
}

/** Disables (ending every session) or enables an account. */
export async function setDisabled(db: Sql, userId: number, disabled: boolean, actor: Actor): Promise<UserRecord> {
  if (!(await getUser(db, userId))) throw new AccountError('not_found', `没有编号为 ${userId} 的用户，请先用 list 查看。`);
  return transaction(db, async (t) => {
    const at = actor.now().toISOString();
    await setUserDisabled(t, userId, disabled, at);
    if (disabled) await revokeAllSessions(t, userId, at);
    await recordAudit(t, {
      at: actor.now(),
      actorUserId: actor.userId,
      actor: actor.name,
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: userId,
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    return (await getUser(t, userId))!;
  });
}

// ---------------------------------------------------------------------------------------------------
// Looking things up by what an administrator types: a number is an id, anything else an exact name.

function resolve<T extends { id: number; name: string }>(all: T[], ref: string, what: string): T {
  const s = ref.trim();
  if (/^\d+$/.test(s)) {
    const hit = all.find((x) => x.id === Number(s));
    if (!hit) throw new AccountError('not_found', `没有编号为 ${s} 的${what}，请先用 list 查看。`);
    return hit;
  }
  const hits = all.filter((x) => x.name === s.normalize('NFC'));
  if (hits.length === 0) throw new AccountError('not_found', `没有名为“${s}”的${what}，请检查名称或先用 list 查看。`);
  if (hits.length > 1) {
    throw new AccountError('ambiguous', `名为“${s}”的${what}有 ${hits.length} 个（编号 ${hits.map((h) => h.id).join('、')}），请改用编号。`);
  }
  return hits[0]!;
}

export async function resolveJurisdiction(db: Sql, ref: string): Promise<Jurisdiction> {
  return resolve(await listJurisdictions(db), ref, '司法局');
}

export async function resolveUnit(db: Sql, ref: string): Promise<Unit> {
  return resolve(await listUnits(db), ref, '执法单位');
}

export async function resolveUser(db: Sql, username: string): Promise<UserRecord> {
  const u = await findUserByUsername(db, username);
  if (!u) throw new AccountError('not_found', `没有用户名为“${username.trim()}”的用户，请检查拼写或先用 list 查看。`);
  return u;
}
