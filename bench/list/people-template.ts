import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { TEMPLATE_NOTES, TEMPLATE_TITLE, templateColumns } from '../../src-shared/template.js';
import { makeId, personRow, rng } from '../lib/people.js';

/**
 * The people of bench/list: a filled collection template of `count` distinct, valid people whose ID
 * numbers and names are spread the way a real province's list is, so that the searches the clerk
 * types select realistic slices:
 * - birth dates spread evenly over 30 years (1970–1999), so a 10-digit ID prefix (region + year)
 *   selects about 1/30 of the list and a 14-digit one (the whole birth date) a handful;
 * - names from 24 common surnames and a two-character given name drawn from 40 × 40 characters, so a
 *   given name as a substring selects a few dozen people and a surname a few thousand.
 * Every other cell is bench/lib/people.ts's valid example row.
 */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋'];
const GIVEN_1 = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂文华建国志红玉兰英春海晓东雪梅立新小'];
const GIVEN_2 = [...'慧琳宇轩浩然子涵欣怡晨阳一鸣佳琪思远嘉豪雨萱梓睿诗雅博文俊杰泽宁天佑安康乐怀瑾'];
const DAYS = 10_957; // 1970-01-01 .. 1999-12-31
const REGION = '350102';

export interface ListPerson {
  row: number; // 1-based position in the file (序号)
  name: string;
  idNumber: string;
}

/** Person n (0-based). Distinct IDs for n < DAYS × 250 (2.7 million). */
export function listPerson(n: number, random: () => number): ListPerson {
  const day = (n * 7_919) % DAYS; // neighbours in the file are born years apart, as in a real list
  const birth = new Date(Date.UTC(1970, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(4 * Math.floor(n / DAYS) + 1 + (n % 2)).padStart(3, '0'); // odd: a man, even: a woman
  const name = SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN_1[Math.floor(random() * GIVEN_1.length)]! + GIVEN_2[Math.floor(random() * GIVEN_2.length)]!;
  return { row: n + 1, name, idNumber: makeId(birth, seq, REGION) };
}

/** The people of a `count`-row file, in file order (the same every run). */
export function listPeople(count: number): ListPerson[] {
  const random = rng(20_261_123);
  return Array.from({ length: count }, (_, n) => listPerson(n, random));
}

/** Writes the template as Excel does (shared strings), streaming: 50,000 rows in a few seconds. */
export async function writeListTemplate(file: string, people: readonly ListPerson[]): Promise<void> {
  const tmp = `${file}.part`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('采集表');
  const cols = templateColumns('new');
  ws.addRow([TEMPLATE_TITLE]).commit();
  ws.addRow(['序号', ...cols.map((c) => c.header)]).commit();
  const base = personRow(0);
  for (const p of people) {
    const birth = `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`;
    const gender = Number(p.idNumber[16]) % 2 === 1 ? '男' : '女';
    const cells: Record<string, string> = { ...base, name: p.name, idNumber: p.idNumber, birthDate: birth, gender, photo: `${p.idNumber}.jpg` };
    ws.addRow([p.row, ...cols.map((c) => cells[c.key] ?? null)]).commit();
  }
  ws.addRow([]).commit();
  for (const note of TEMPLATE_NOTES) ws.addRow([note]).commit();
  ws.commit();
  await wb.commit();
  fs.renameSync(tmp, file);
}
