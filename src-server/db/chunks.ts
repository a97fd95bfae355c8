/**
 * Many rows in few statements: an `IN (…)` list or a multi-row `VALUES (…), (…)` of at most CHUNK
 * entries, so that a 5,000-person batch costs ten round trips to PostgreSQL, not 5,000, and no
 * statement comes near a limit on parameters (SQLite's 32,766; PostgreSQL's 65,535).
 */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, ?` for an IN list of `n` values. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
