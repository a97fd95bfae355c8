import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { validateJson, type JsonReport } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeId } from '../helpers/ids.js';

/**
 * Each Excel habit of DOMAIN.md ("Excel habits of the people filling the template"): a workbook that
 * has it, written with exceljs, validated by the CLI as a child process.
 */
const dir = tempDir('zfbm-habits-');

function rowIssues(report: JsonReport, index: number) {
  return report.rows[index]!.issues;
}
function codes(report: JsonReport, index: number): string[] {
  return rowIssues(report, index).map((i) => `${i.field}:${i.code}:${i.severity}`);
}

describe('Excel habits, through the CLI', () => {
  it('an ID typed as a number (precision lost) is id.excel_precision and cannot be repaired', async () => {
    const file = path.join(dir, 'id-number.xlsx');
    // What Excel keeps of 350102199103051234 typed into a General cell: 15 significant digits.
    await writeTemplate(file, [validRow({ idNumber: 350102199103051000 }), validRow()]);
    const r = await validateJson(file);
    const issue = rowIssues(r, 0).find((i) => i.code === 'id.excel_precision');
    expect(issue).toMatchObject({ field: 'idNumber', severity: 'error' });
    expect(issue!.message).toContain('文本');
    expect(r.rows[0]!.idNumber).toBe('350102199103051000');
    expect(r.rows[1]!.issues).toEqual([]);
    expect(r.summary).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
  });

  it('a legacy 15-digit ID typed as a number is exact and upgraded', async () => {
    const file = path.join(dir, 'id-15.xlsx');
    await writeTemplate(file, [validRow({ idNumber: 350102910305123, birthDate: '1991-03-05', gender: '男' })]);
    const r = await validateJson(file);
    const upgraded = '350102' + '19910305123';
    expect(r.rows[0]!.idNumber).toMatch(new RegExp('^' + upgraded + '[0-9X]$'));
    expect(codes(r, 0)).toEqual(['idNumber:id.format:fixed']);
  });

  it('codes typed as numbers get their leading zeros back and say so', async () => {
    const file = path.join(dir, 'codes.xlsx');
    await writeTemplate(file, [
      validRow({ political: 2, rankCode: 20201, posts: 2 }),
      validRow({ posts: 1.02 }),
      validRow({ posts: '01,02', political: '13' }),
    ]);
    const r = await validateJson(file);
    const fixedOf = (i: number, field: string) => rowIssues(r, i).find((x) => x.field === field);
    expect(fixedOf(0, 'political')).toMatchObject({ code: 'code.padded', severity: 'fixed', value: '2', fixed: '02' });
    expect(fixedOf(0, 'rankCode')).toMatchObject({ code: 'code.padded', severity: 'fixed', value: '20201', fixed: '020201' });
    expect(fixedOf(0, 'posts')).toMatchObject({ code: 'code.padded', severity: 'fixed', fixed: '02' });
    expect(fixedOf(1, 'posts')).toMatchObject({ code: 'code.padded', severity: 'fixed', value: '1.02', fixed: '01,02' });
    expect(rowIssues(r, 2)).toEqual([]);
    expect(r.summary.invalid).toBe(0);
  });

  it('dates stored as Excel dates, and as bare serial numbers in the 1900 system', async () => {
    const file = path.join(dir, 'dates-1900.xlsx');
    await writeTemplate(
      file,
      [
        validRow({ birthDate: new Date(Date.UTC(1991, 2, 5)) }),
        // 1991-03-05 is serial 33302 in the 1900 system; typed into a General cell it stays a number.
        validRow({ birthDate: 33302 }),
      ],
      { numFmt: {} },
    );
    const r = await validateJson(file);
    expect(rowIssues(r, 0)).toEqual([]);
    expect(rowIssues(r, 1)).toEqual([
      expect.objectContaining({ field: 'birthDate', code: 'date.format', severity: 'fixed', value: '33302', fixed: '1991-03-05' }),
    ]);
  });

  it('dates in a 1904-system workbook (old Mac Excel)', async () => {
    const file = path.join(dir, 'dates-1904.xlsx');
    // In the 1904 system 1991-03-05 is serial 31840.
    await writeTemplate(file, [validRow({ birthDate: new Date(Date.UTC(1991, 2, 5)) }), validRow({ birthDate: 31840 })], { date1904: true });
    const r = await validateJson(file);
    expect(rowIssues(r, 0)).toEqual([]);
    expect(rowIssues(r, 1)).toEqual([expect.objectContaining({ field: 'birthDate', code: 'date.format', severity: 'fixed', fixed: '1991-03-05' })]);
  });

  it('dates as text in many shapes are reshaped and reported; impossible ones are errors', async () => {
    const file = path.join(dir, 'date-text.xlsx');
    const shapes = ['1991/3/5', '1991.03.05', '1991年3月5日', '19910305'];
    await writeTemplate(file, [...shapes.map((s) => validRow({ birthDate: s })), validRow({ birthDate: '1991-02-30' }), validRow({ birthDate: 19910305 })]);
    const r = await validateJson(file);
    shapes.forEach((s, i) => {
      expect(rowIssues(r, i)).toEqual([expect.objectContaining({ field: 'birthDate', code: 'date.format', severity: 'fixed', value: s, fixed: '1991-03-05' })]);
    });
    expect(rowIssues(r, 4)).toContainEqual(expect.objectContaining({ field: 'birthDate', code: 'date.format', severity: 'error' }));
    expect(rowIssues(r, 5)).toEqual([expect.objectContaining({ code: 'date.format', severity: 'fixed', fixed: '1991-03-05' })]);
  });

  it('full-width digits and letters, lower-case x', async () => {
    const file = path.join(dir, 'full-width.xlsx');
    // A man's ID whose check character is X.
    const withX = Array.from({ length: 450 }, (_, k) => makeId('19910305', String(101 + 2 * k))).find((id) => id.endsWith('X'))!;
    expect(withX).toBeDefined();
    const ascii = makeId('19910305', '104');
    const fullWidth = ascii.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    await writeTemplate(file, [
      validRow({ idNumber: fullWidth, political: '０１' }),
      validRow({ idNumber: withX.toLowerCase() }),
    ]);
    const r = await validateJson(file);
    expect(r.rows[0]!.idNumber).toBe(ascii);
    expect(rowIssues(r, 0)).toContainEqual(expect.objectContaining({ field: 'idNumber', code: 'id.format', severity: 'fixed', fixed: ascii }));
    expect(rowIssues(r, 0).some((i) => i.severity === 'error')).toBe(false);
    expect(r.rows[1]!.idNumber).toBe(withX.toUpperCase());
    expect(rowIssues(r, 1)).toContainEqual(expect.objectContaining({ code: 'id.format', severity: 'fixed' }));
  });

  it('stray spaces and non-breaking spaces', async () => {
    const file = path.join(dir, 'spaces.xlsx');
    const id = makeId('19910305', '106');
    await writeTemplate(file, [
      validRow({ idNumber: ` ${id.slice(0, 6)} ${id.slice(6)}\u00a0`, name: '王\u3000小明', ethnicity: ' 汉族\u00a0', political: '01 ', examCategory: '\u00a0综合法律知识考试' }),
    ]);
    const r = await validateJson(file);
    expect(r.rows[0]!.idNumber).toBe(id);
    expect(rowIssues(r, 0).filter((i) => i.severity === 'error')).toEqual([]);
    expect(rowIssues(r, 0)).toContainEqual(expect.objectContaining({ field: 'idNumber', code: 'id.format', severity: 'fixed', fixed: id }));
    expect(rowIssues(r, 0)).toContainEqual(expect.objectContaining({ field: 'name', severity: 'fixed', fixed: '王小明' }));
  });

  it('blank rows in the middle are skipped and row numbers stay those Excel shows', async () => {
    const file = path.join(dir, 'blank-rows.xlsx');
    const { rowNumbers } = await writeTemplate(file, [validRow(), validRow(), validRow()], { blankAfter: [0, 1], titleRows: 2 });
    const r = await validateJson(file);
    expect(r.rows.map((x) => x.row)).toEqual(rowNumbers);
    expect(rowNumbers).toEqual([4, 6, 8]);
    expect(r.summary).toMatchObject({ rows: 3, valid: 3, invalid: 0 });
  });

  it('the notes and footer under the data are not people', async () => {
    const file = path.join(dir, 'notes.xlsx');
    await writeTemplate(file, [validRow(), validRow()], { notes: true });
    const r = await validateJson(file);
    expect(r.summary.rows).toBe(2);
    expect(r.rows.every((x) => x.issues.length === 0)).toBe(true);
  });
});
