/**
 * Many rows in few statements: an `IN (…)` list or a multi-row `VALUES (…), (…)`, so that a 5,000-person
 * batch costs ten round trips to PostgreSQL, not 5,000, and no statement comes near a limit on parameters
 * (SQLite's 32,766; PostgreSQL's 65,535). The pieces have a few fixed sizes only — 1234 rows are 2 × 500,
 * 2 × 100, 3 × 10 and 4 × 1 — because SQLite's statements are prepared once per text and kept
 * (db/open-store.ts keeps a bounded number): a piece of a new length each time would be a new text.
 */
const SIZES = [500, 100, 10, 1] as const;

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  while (at < items.length) {
    const size = SIZES.find((s) => s <= items.length - at)!;
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/** `?, ?, ?` for an IN list of `n` values, or `(?, ?), (?, ?)` for `n` rows when `each` is a row. */
export function marks(n: number, each = '?'): string {
  return Array.from({ length: n }, () => each).join(', ');
}
