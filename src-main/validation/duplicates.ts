import type { Issue } from '../../src-shared/domain/issue.js';
import { duplicateIdIssues } from '../../src-shared/rules/duplicates.js';

/**
 * Adds id.duplicate to every row whose ID appears twice in the same file. IDs that lost digits in
 * Excel collapse onto each other; they are not duplicates of one person and are left out.
 */
export function markInFileDuplicates<T extends { issues: Issue[] }>(
  rows: readonly T[],
  rowOf: (r: T) => number | null,
  idOf: (r: T) => string,
): void {
  const candidates: Array<{ row: number; idNumber: string }> = [];
  for (const r of rows) {
    const row = rowOf(r);
    if (row !== null && !r.issues.some((i) => i.code === 'id.excel_precision')) candidates.push({ row, idNumber: idOf(r) });
  }
  const dups = duplicateIdIssues(candidates);
  if (dups.size === 0) return;
  for (const r of rows) {
    const row = rowOf(r);
    const dup = row !== null ? dups.get(row) : undefined;
    if (dup) r.issues.push(dup);
  }
}
