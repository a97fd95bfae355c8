import type { Issue } from '../domain/issue.js';

/**
 * The same ID twice in one file. Every occurrence is reported and names the other rows, so the clerk
 * can decide which one to keep.
 */
export function duplicateIdIssues(rows: ReadonlyArray<{ row: number; idNumber: string }>): Map<number, Issue> {
  const byId = new Map<string, number[]>();
  for (const r of rows) {
    if (!r.idNumber) continue;
    const list = byId.get(r.idNumber);
    if (list) list.push(r.row);
    else byId.set(r.idNumber, [r.row]);
  }
  const out = new Map<number, Issue>();
  for (const [id, where] of byId) {
    if (where.length < 2) continue;
    for (const row of where) {
      const others = where.filter((w) => w !== row).map((w) => `第 ${w} 行`).join('、');
      out.set(row, {
        field: 'idNumber', code: 'id.duplicate', severity: 'error', value: id,
        message: `身份证号 ${id} 在本文件中重复出现（另见${others}），同一人只能报名一次。请在人员列表中点多余那一行的“删除”，或在采集表中删去后重新导入。`,
      });
    }
  }
  return out;
}
