/**
 * A modest per-address limit on wrong passwords, on top of the per-account lockout: one address that
 * guesses across many accounts is slowed down without locking the accounts themselves. Only failures
 * count, so an office behind one NAT address where everybody types the right password is never hit.
 * In memory: a restart forgets, which is acceptable for a speed bump.
 */
export class IpThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxTracked = 10_000,
  ) {}

  /** Milliseconds until `ip` may try again, or 0 when it may try now. */
  retryAfterMs(ip: string, now: number): number {
    const list = this.prune(ip, now);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, list[list.length - this.maxFailures]! + this.windowMs - now);
  }

  recordFailure(ip: string, now: number): void {
    const list = this.prune(ip, now);
    list.push(now);
    this.failures.delete(ip); // re-insert: the map's order is then least recently failed first
    this.failures.set(ip, list);
    if (this.failures.size > this.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  private prune(ip: string, now: number): number[] {
    const list = this.failures.get(ip) ?? [];
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    if (list.length === 0) this.failures.delete(ip);
    return list;
  }
}
