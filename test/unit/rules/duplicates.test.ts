import { describe, expect, it } from 'vitest';
import { duplicateIdIssues } from '../../../src-shared/rules/duplicates.js';

const A = '440308199901101512';
const B = '11010519491231002X';

describe('duplicateIdIssues', () => {
  it('reports nothing when every ID is different', () => {
    expect(duplicateIdIssues([{ row: 5, idNumber: A }, { row: 6, idNumber: B }]).size).toBe(0);
  });

  it('reports every occurrence, each naming the other rows', () => {
    const out = duplicateIdIssues([
      { row: 5, idNumber: A },
      { row: 6, idNumber: B },
      { row: 9, idNumber: A },
      { row: 12, idNumber: A },
    ]);
    expect([...out.keys()].sort((x, y) => x - y)).toEqual([5, 9, 12]);
    for (const row of [5, 9, 12]) {
      const issue = out.get(row)!;
      expect(issue).toMatchObject({ field: 'idNumber', code: 'id.duplicate', severity: 'error', value: A });
      expect(issue.message).toMatch(/\p{Script=Han}/u);
      expect(issue.message).toContain(A);
      for (const other of [5, 9, 12]) {
        if (other === row) expect(issue.message).not.toContain(`第 ${other} 行`);
        else expect(issue.message).toContain(`第 ${other} 行`);
      }
    }
  });

  it('handles two duplicated IDs independently', () => {
    const out = duplicateIdIssues([
      { row: 3, idNumber: A },
      { row: 4, idNumber: B },
      { row: 7, idNumber: B },
      { row: 8, idNumber: A },
    ]);
    expect(out.get(3)!.message).toContain('第 8 行');
    expect(out.get(3)!.message).not.toContain('第 7 行');
    expect(out.get(4)!.message).toContain('第 7 行');
    expect(out.get(4)!.value).toBe(B);
  });

  it('ignores empty IDs', () => {
    expect(duplicateIdIssues([{ row: 3, idNumber: '' }, { row: 4, idNumber: '' }]).size).toBe(0);
  });
});
