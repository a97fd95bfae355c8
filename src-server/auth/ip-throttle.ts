/**
 * Wrong-password throttling in memory, on top of the per-account lockout in the database. Keyed on the
 * address **and** the user name, so that one person's typos never lock out colleagues behind the same
 * NAT or proxy:
 *
 * - per (address, user name): after `maxPerName` wrong passwords within the window, that name from that
 *   address is refused without a password check. The server uses this for user names that do not exist
 *   (existing accounts have their own lockout), answered exactly like a wrong password, so that the two
 *   cannot be told apart.
 * - per address: once wrong passwords for `maxUsersPerAddress` different user names came from it within
 *   the window (password spraying), the address is slowed down (429) for every name. Generous by
 *   default: an office's occasional typos are far below it.
 *
 * A restart forgets, which is acceptable for a speed bump; the database lockout is what holds.
 */
export class LoginThrottle {
  /** `${address}\n${name}` -> failure times, oldest first; the map is least recently failed first. */
  private readonly perName = new Map<string, number[]>();
  /** address -> (name -> time of its last failure); least recently failed address first. */
  private readonly perAddress = new Map<string, Map<string, number>>();

  constructor(
    private readonly maxPerName: number,
    private readonly maxUsersPerAddress: number,
    private readonly windowMs: number,
    private readonly maxTracked = 10_000,
  ) {}

  /** The user name as the account lookup sees it: case and surrounding spaces do not make another name. */
  static nameKey(username: string): string {
    return username.normalize('NFKC').trim().toLowerCase().slice(0, 200);
  }

  /** Milliseconds until `name` may be tried from `ip` again, or 0. */
  nameRetryAfterMs(ip: string, username: string, now: number): number {
    const list = this.prunedList(ip, LoginThrottle.nameKey(username), now);
    if (list.length < this.maxPerName) return 0;
    return Math.max(1, list[list.length - this.maxPerName]! + this.windowMs - now);
  }

  /** Milliseconds until `ip` may try any name again (too many names tried wrongly from it), or 0. */
  addressRetryAfterMs(ip: string, now: number): number {
    const names = this.prunedNames(ip, now);
    if (!names || names.size < this.maxUsersPerAddress) return 0;
    // The oldest failures end first; enough of them must end to come below the cap.
    const times = [...names.values()].sort((a, b) => a - b);
    return Math.max(1, times[names.size - this.maxUsersPerAddress]! + this.windowMs - now);
  }

  recordFailure(ip: string, username: string, now: number): void {
    const name = LoginThrottle.nameKey(username);
    const key = `${ip}\n${name}`;
    const list = this.prunedList(ip, name, now);
    list.push(now);
    this.perName.delete(key); // re-insert: least recently failed first
    this.perName.set(key, list);
    evictOldest(this.perName, this.maxTracked);

    const names = this.prunedNames(ip, now) ?? new Map<string, number>();
    names.delete(name);
    names.set(name, now);
    this.perAddress.delete(ip);
    this.perAddress.set(ip, names);
    evictOldest(this.perAddress, this.maxTracked);
  }

  /** A right password: the name's count from this address starts again (the address's names stay). */
  recordSuccess(ip: string, username: string): void {
    this.perName.delete(`${ip}\n${LoginThrottle.nameKey(username)}`);
  }

  private prunedList(ip: string, name: string, now: number): number[] {
    const key = `${ip}\n${name}`;
    const list = this.perName.get(key) ?? [];
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    if (list.length === 0) this.perName.delete(key);
    return list;
  }

  private prunedNames(ip: string, now: number): Map<string, number> | undefined {
    const names = this.perAddress.get(ip);
    if (!names) return undefined;
    // Insertion order is failure order: stop at the first one still inside the window.
    for (const [name, at] of names) {
      if (at > now - this.windowMs) break;
      names.delete(name);
    }
    if (names.size === 0) {
      this.perAddress.delete(ip);
      return undefined;
    }
    return names;
  }
}

function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}
