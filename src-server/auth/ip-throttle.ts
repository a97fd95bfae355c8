import { z } from 'zod';
import { column, run, value, type Sql } from '../db/sql.js';

/**
 * Wrong-password throttling, on top of the per-account lockout. Keyed on the address **and** the user
 * name, so that one person's typos never lock out colleagues behind the same NAT or proxy:
 *
 * - per (address, user name): after `maxPerName` wrong passwords within the window, that name from that
 *   address is refused without a password check. The server uses this for user names that do not exist
 *   (existing accounts have their own lockout), answered exactly like a wrong password, so that the two
 *   cannot be told apart.
 * - per address: once wrong passwords for `maxUsersPerAddress` different user names came from it within
 *   the window (password spraying), the address is slowed down (429) for every name. Generous by
 *   default: an office's occasional typos are far below it.
 *
 * Kept in the database (login_failures), not in one process's memory: every server process behind a
 * load balancer counts the same failures, and a restart forgets nothing. Rows older than the window go
 * as new ones arrive, and at most `maxTracked` are kept (the oldest go first), so a flood of guesses
 * cannot grow the table without end. Times are epoch milliseconds from the caller's clock.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Sql,
    private readonly maxPerName: number,
    private readonly maxUsersPerAddress: number,
    private readonly windowMs: number,
    private readonly maxTracked = 100_000,
  ) {}

  /** The user name as the account lookup sees it: case and surrounding spaces do not make another name. */
  static nameKey(username: string): string {
    return username.normalize('NFKC').trim().toLowerCase().slice(0, 200);
  }

  /** Milliseconds until `name` may be tried from `ip` again, or 0. */
  async nameRetryAfterMs(ip: string, username: string, now: number): Promise<number> {
    // The newest maxPerName failures in the window; the oldest of them ends first.
    const times = await column(
      this.db,
      z.number(),
      'SELECT at_ms FROM login_failures WHERE ip = ? AND name = ? AND cleared = 0 AND at_ms > ? ORDER BY at_ms DESC LIMIT ?',
      [ip, LoginThrottle.nameKey(username), now - this.windowMs, this.maxPerName],
    );
    if (times.length < this.maxPerName) return 0;
    return Math.max(1, times[this.maxPerName - 1]! + this.windowMs - now);
  }

  /** Milliseconds until `ip` may try any name again (too many names tried wrongly from it), or 0. */
  async addressRetryAfterMs(ip: string, now: number): Promise<number> {
    // Each name's last failure; enough of the oldest must end to come below the cap, so the answer is
    // the maxUsersPerAddress-th newest (none: fewer names than the cap).
    const last = await value(
      this.db,
      z.number(),
      `SELECT last_ms FROM (SELECT name, MAX(at_ms) AS last_ms FROM login_failures WHERE ip = ? AND at_ms > ? GROUP BY name) per_name
       ORDER BY last_ms DESC LIMIT 1 OFFSET ?`,
      [ip, now - this.windowMs, this.maxUsersPerAddress - 1],
    );
    return last === undefined ? 0 : Math.max(1, last + this.windowMs - now);
  }

  async recordFailure(ip: string, username: string, now: number): Promise<void> {
    await run(this.db, 'INSERT INTO login_failures (ip, name, at_ms) VALUES (?, ?, ?)', [ip, LoginThrottle.nameKey(username), now]);
    await run(this.db, 'DELETE FROM login_failures WHERE at_ms <= ?', [now - this.windowMs]);
    await run(
      this.db,
      `DELETE FROM login_failures WHERE id <= (SELECT id FROM login_failures ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      [this.maxTracked],
    );
  }

  /** A right password: the name's count from this address starts again (the address's names stay). */
  async recordSuccess(ip: string, username: string): Promise<void> {
    await run(this.db, 'UPDATE login_failures SET cleared = 1 WHERE ip = ? AND name = ? AND cleared = 0', [ip, LoginThrottle.nameKey(username)]);
  }
}
