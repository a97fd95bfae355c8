/**
 * Many rows in few statements (`IN (?, …)` lists, multi-row INSERTs), with few distinct statement texts:
 * SQLite's statements are prepared once per text and kept (db/open-store.ts keeps a bounded number), so
 * a list of any length is cut into pieces of a few fixed sizes only — 1234 rows are 2 × 500, 2 × 100,
 * 3 × 10 and 4 × 1 — never into a piece of a new length each time.
 */
const SIZES = [500, 100, 10, 1] as const;

export function sqlChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  while (at < items.length) {
    const size = SIZES.find((s) => s <= items.length - at)!;
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/** `?, ?, ?` for a piece of `n`. */
export function placeholders(n: number, each = '?'): string {
  return Array.from({ length: n }, () => each).join(', ');
}
