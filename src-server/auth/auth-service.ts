import type { ServerConfig } from '../config.js';
import { transaction, type Sql } from '../db/sql.js';
import { recordAudit } from '../db/audit.js';
import { ApiError } from '../errors.js';
import { findUserByUsername, getUser, type UserRecord } from '../accounts/accounts-store.js';
import { deleteSessionsExpiredBefore, findSession, insertSession, revokeAllSessions, revokeSession } from './session-store.js';
import {
  changePasswordHash,
  clearFailedLogins,
  lockUntil,
  loginAttempts,
  recordLogin,
  replacePasswordHash,
  resetFailedCount,
  setFailedLogins,
} from './credential-store.js';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';
import { bearerToken, hashToken, newToken } from './tokens.js';
import { LoginThrottle } from './ip-throttle.js';
import { localClock } from '../../src-shared/local-time.js';

/** The signed-in caller of one request. */
export interface AuthContext {
  user: UserRecord;
  tokenHash: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserRecord;
}

type AuthConfig = Pick<ServerConfig, 'tokenTtlMs' | 'lockoutMaxFailures' | 'lockoutMs' | 'ipMaxUsers'>;

/** "15:42" in the server's time zone: when a lockout ends, as the person reads a clock. */
function clockTime(d: Date): string {
  return localClock(d).slice(0, 5);
}

function minutesFrom(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * Sign-in, tokens, sign-out and password changes, with the per-account lockout and the throttle keyed
 * on address and user name (ip-throttle.ts). Wrong passwords are counted *before* the (slow,
 * asynchronous) password check, so a burst of parallel guesses cannot slip more than
 * `lockoutMaxFailures` tries past the lockout.
 *
 * At login, nothing tells whether a user name exists or is locked: a wrong password, an unknown name,
 * a locked account and a name throttled from this address all answer the same 401 with the same
 * message, after the same scrypt work.
 */
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: Sql,
    private readonly config: AuthConfig,
    private readonly now: () => Date,
  ) {
    this.throttle = new LoginThrottle(db, config.lockoutMaxFailures, config.ipMaxUsers, config.lockoutMs);
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const wait = await this.throttle.addressRetryAfterMs(ip, this.now().getTime());
    if (wait > 0) {
      throw new ApiError(
        429,
        'auth.throttled',
        `从这台电脑所在的网络地址，有太多不同的用户名输错了密码，暂时不能登录。请在 ${minutesFrom(wait)} 分钟后再试；如果单位的电脑都通过同一个代理上网，请让管理员设置 TRUST_PROXY。`,
        { 'retry-after': String(Math.ceil(wait / 1000)) },
      );
    }
    const found = await findUserByUsername(this.db, username);
    if (!found) {
      // As slow as a real check, counted like one, and answered like a wrong password.
      const throttled = (await this.throttle.nameRetryAfterMs(ip, username, this.now().getTime())) > 0;
      await burnPasswordCheck(password);
      if (!throttled) await this.throttle.recordFailure(ip, username, this.now().getTime());
      throw this.badCredentials();
    }
    const attempt = await this.beginAttempt(found.id, 'login');
    if (attempt === 'locked') {
      // Locked: the password is not judged, but checked all the same, so the answer takes as long.
      await verifyPassword(password, found.passwordHash);
      throw this.badCredentials();
    }
    const ok = await verifyPassword(password, found.passwordHash);
    if (!ok) {
      await this.throttle.recordFailure(ip, username, this.now().getTime());
      await this.failAttempt(found.id, attempt, ip, 'login.failed', 'login');
      throw this.badCredentials();
    }
    await this.throttle.recordSuccess(ip, username);
    const rehash = needsRehash(found.passwordHash) ? await hashPassword(password) : null;

    const token = newToken();
    const tokenHash = hashToken(token);
    const result = await transaction(this.db, async (t): Promise<LoginResult | null> => {
      const now = this.now();
      const at = now.toISOString();
      const user = (await getUser(t, found.id))!;
      // The password was right: the count of wrong ones starts again, even for a disabled account.
      await clearFailedLogins(t, user.id);
      if (user.disabled) return null;
      if (rehash && user.passwordHash === found.passwordHash) {
        await replacePasswordHash(t, user.id, rehash);
      }
      await recordLogin(t, user.id, at);
      // Old sessions of anybody are of no use once expired for a day; keep the table small.
      await deleteSessionsExpiredBefore(t, new Date(now.getTime() - 86_400_000).toISOString());
      const expiresAt = new Date(now.getTime() + this.config.tokenTtlMs).toISOString();
      await insertSession(t, { tokenHash, userId: user.id, createdAt: at, expiresAt, ip });
      await recordAudit(t, { at: now, actorUserId: user.id, actor: user.username, action: 'login.ok', entity: 'user', entityId: user.id, ip });
      return { token, expiresAt, user: (await getUser(t, user.id))! };
    });
    if (!result) throw new ApiError(403, 'auth.disabled', '这个账号已被停用，不能登录。如有疑问请联系管理员。');
    return result;
  }

  /** The caller behind an `Authorization: Bearer` header; throws a 401 (or 403 when disabled). */
  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const token = bearerToken(authorization);
    if (token === '') {
      throw new ApiError(401, 'auth.token_missing', '请先登录：这个操作需要登录后才能进行。');
    }
    const invalid = new ApiError(401, 'auth.token_invalid', '登录已失效（可能已经退出登录，或密码已被修改、重置），请重新登录。');
    if (token === null) throw invalid;
    const tokenHash = hashToken(token);
    const s = await findSession(this.db, tokenHash);
    if (!s || s.revokedAt !== null) throw invalid;
    if (s.expiresAt <= this.now().toISOString()) {
      throw new ApiError(401, 'auth.token_expired', `登录已过期（每次登录 ${Math.round(this.config.tokenTtlMs / 3_600_000)} 小时内有效），请重新登录。`);
    }
    const user = await getUser(this.db, s.userId);
    if (!user) throw invalid;
    if (user.disabled) throw new ApiError(403, 'auth.disabled', '这个账号已被停用。如有疑问请联系管理员。');
    return { user, tokenHash, expiresAt: s.expiresAt };
  }

  async logout(ctx: AuthContext, ip: string): Promise<void> {
    await transaction(this.db, async (t) => {
      const now = this.now();
      await revokeSession(t, ctx.tokenHash, now.toISOString());
      await recordAudit(t, { at: now, actorUserId: ctx.user.id, actor: ctx.user.username, action: 'logout', entity: 'user', entityId: ctx.user.id, ip });
    });
  }

  /**
   * Checks the current password (a wrong one counts towards the lockout, like a wrong login), applies
   * the policy, stores the new hash, clears must_change_password and ends the account's other sessions.
   */
  async changePassword(ctx: AuthContext, oldPassword: string, newPassword: string, ip: string): Promise<UserRecord> {
    const user = ctx.user;
    const attempt = await this.beginAttempt(user.id, 'change');
    if (attempt === 'locked') throw new Error('unreachable: beginAttempt throws for a locked account outside login');
    if (!(await verifyPassword(oldPassword, user.passwordHash))) {
      await this.failAttempt(user.id, attempt, ip, 'password.change_failed', 'change');
      throw new ApiError(
        400,
        'auth.old_password_wrong',
        `原密码不对，请重新输入（首次登录时原密码就是管理员给的初始密码）。连续输错 ${this.config.lockoutMaxFailures} 次账号会被锁定 ${minutesFrom(this.config.lockoutMs)} 分钟。`,
      );
    }
    const problem = passwordProblem(newPassword, { username: user.username, displayName: user.displayName, oldPassword });
    if (problem) {
      await resetFailedCount(this.db, user.id);
      throw new ApiError(400, 'auth.weak_password', problem);
    }
    const hash = await hashPassword(newPassword);
    return transaction(this.db, async (t) => {
      const now = this.now();
      const at = now.toISOString();
      if (!(await changePasswordHash(t, user.id, user.passwordHash, hash, at))) {
        // Reset by an administrator (or changed in another window) while this request was hashing.
        throw new ApiError(401, 'auth.token_invalid', '密码刚刚在别处被修改或重置，请重新登录后再试。');
      }
      await revokeAllSessions(t, user.id, at, ctx.tokenHash);
      await recordAudit(t, { at: now, actorUserId: user.id, actor: user.username, action: 'password.change', entity: 'user', entityId: user.id, ip });
      return (await getUser(t, user.id))!;
    });
  }

  private badCredentials(): ApiError {
    return new ApiError(
      401,
      'auth.invalid_credentials',
      `用户名或密码不对，请检查后重试（注意大小写和中英文输入法）。连续输错 ${this.config.lockoutMaxFailures} 次账号会被锁定 ${minutesFrom(this.config.lockoutMs)} 分钟，锁定期间即使密码正确也不能登录；忘了密码或多次登录不上，请联系管理员重置密码。`,
    );
  }

  private lockedError(until: Date, now: Date, justLocked: boolean): ApiError {
    const mins = minutesFrom(until.getTime() - now.getTime());
    const head = justLocked
      ? `密码已连续输错 ${this.config.lockoutMaxFailures} 次，账号已被锁定 ${mins} 分钟`
      : `这个账号因连续输错密码已被锁定`;
    return new ApiError(
      423,
      'auth.locked',
      `${head}，请在 ${clockTime(until)} 以后（约 ${mins} 分钟后）再试。如果忘了密码，请联系管理员重置密码，重置后立即可以登录。`,
      { 'retry-after': String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))) },
    );
  }

  /**
   * Counts one more try against the account before the password is checked, or refuses it when the
   * account is locked (or when parallel tries have already used up the allowance): at login by
   * answering 'locked' (the caller answers like a wrong password), when changing the password with a
   * 423 (the caller is signed in; nothing is given away). One transaction, so parallel tries are
   * counted one after the other, on either database. Returns the number of this try.
   */
  private async beginAttempt(userId: number, during: 'login' | 'change'): Promise<number | 'locked'> {
    return transaction(this.db, async (t) => {
      const now = this.now();
      const nowIso = now.toISOString();
      const row = await loginAttempts(t, userId);
      if (!row) throw new Error(`user ${userId} is gone`);
      if (row.lockedUntil !== null && row.lockedUntil > nowIso) {
        if (during === 'login') return 'locked';
        throw this.lockedError(new Date(row.lockedUntil), now, false);
      }
      // A lockout that has run out starts the count again.
      const failed = row.lockedUntil !== null ? 0 : row.failed;
      const attempt = failed + 1;
      if (attempt > this.config.lockoutMaxFailures) {
        // Only reached by tries running in parallel with the one that will decide; refuse them.
        if (during === 'login') return 'locked';
        throw this.lockedError(new Date(now.getTime() + this.config.lockoutMs), now, false);
      }
      await setFailedLogins(t, userId, attempt);
      return attempt;
    });
  }

  /** A wrong password on try number `attempt`: audit it, and lock the account on the last allowed try. */
  private async failAttempt(userId: number, attempt: number, ip: string, action: string, during: 'login' | 'change'): Promise<void> {
    const user = (await getUser(this.db, userId))!;
    const now = this.now();
    const lock = attempt >= this.config.lockoutMaxFailures;
    const until = new Date(now.getTime() + this.config.lockoutMs);
    await transaction(this.db, async (t) => {
      if (lock) await lockUntil(t, userId, until.toISOString());
      await recordAudit(t, {
        at: now,
        actorUserId: null,
        actor: user.username,
        action: lock ? 'login.locked' : action,
        entity: 'user',
        entityId: userId,
        detail: { attempt },
        ip,
      });
    });
    // Thrown after the commit: a throw inside the transaction would roll the lock back. At login the
    // caller answers like any wrong password: saying "now locked" would tell that the name exists.
    if (lock && during === 'change') throw this.lockedError(until, now, true);
  }
}
