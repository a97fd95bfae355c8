import { sniffFileType } from '../../src-shared/file-type.js';
import { COURSES_MAX, type Course, type CourseProblem } from '../../src-shared/contract/sync-training.js';
import type { CodeLookup } from '../../src-shared/rules/code-tables.js';
import { cleanLine } from '../../src-shared/rules/text.js';
import { HEADER_SEARCH_ROWS, plainCell, xlsxSource } from '../../src-node/table-source.js';
import { TableLimitError } from '../../src-node/table-limits.js';
import { normalizeHeaderText } from '../records/read-record-table.js';

/**
 * Reads the course table an administrator uploads (人员查询: 课程名称, 学时, 必修/选修, 考试类别) from
 * .xlsx bytes: the header is found by its texts in the first rows of the first sheet that has one, the
 * columns in any order. Every row is checked; the caller stores the table only when no row is wrong,
 * so a file with one bad row changes nothing.
 */

/** A file that cannot be a course table at all; Chinese, says what to do. */
export class CourseFileError extends Error {
  override name = 'CourseFileError';
}

type Key = 'name' | 'hours' | 'kind' | 'category';

const HEADERS: Record<Key, readonly string[]> = {
  name: ['课程名称', '课程'],
  hours: ['学时', '课时', '学时数'],
  kind: ['必修/选修', '必修／选修', '课程类型', '课程性质', '类型', '必修选修'],
  category: ['考试类别', '类别'],
};
const KEYS = Object.keys(HEADERS) as Key[];
const BY_TEXT = new Map<string, Key>(KEYS.flatMap((k) => HEADERS[k].map((h) => [normalizeHeaderText(h), k] as const)));
const EXPECTED = '课程名称、学时、必修/选修、考试类别';

export interface CourseTable {
  courses: Course[];
  problems: CourseProblem[];
  /** Data rows read (blank rows not counted). */
  rows: number;
}

function cellText(v: unknown): string {
  const c = plainCell(v);
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return cleanLine(String(c));
}

function readHours(v: unknown): number | undefined {
  const c = plainCell(v);
  const n = typeof c === 'number' ? c : /^\d+(\.\d+)?$/.test(cellText(c)) ? Number(cellText(c)) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 200 || Math.round(n * 10) !== n * 10) return undefined;
  return n;
}

function readKind(text: string): boolean | undefined {
  const t = text.replace(/\s+/g, '');
  if (t === '必修' || t === '必修课') return true;
  if (t === '选修' || t === '选修课') return false;
  return undefined;
}

/** Reads and checks every row; throws CourseFileError when the file is no course table. */
export async function readCourseTable(bytes: Uint8Array, fileName: string, categories: CodeLookup): Promise<CourseTable> {
  if (bytes.length === 0) throw new CourseFileError(`“${fileName}”是空文件，请选择课程设置表（.xlsx）后重新导入。`);
  if (sniffFileType(bytes.subarray(0, 256)) !== 'zip') {
    throw new CourseFileError(`“${fileName}”不是 .xlsx 文件。请在 Excel 或 WPS 中把课程设置表另存为“Excel 工作簿（*.xlsx）”后重新导入。`);
  }
  try {
    return await readRows(bytes, fileName, categories);
  } catch (e) {
    if (e instanceof CourseFileError) throw e;
    if (e instanceof TableLimitError) throw new CourseFileError(`“${fileName}”不能导入：${e.message}请检查文件后重新导入。`);
    throw new CourseFileError(`“${fileName}”打不开，可能已损坏或设置了打开密码。请在 Excel 或 WPS 中打开确认、另存为 .xlsx 后重新导入。`);
  }
}

async function readRows(bytes: Uint8Array, fileName: string, categories: CodeLookup): Promise<CourseTable> {
  const out: CourseTable = { courses: [], problems: [], rows: 0 };
  let columns: Map<Key, number> | undefined;
  const seen = new Map<string, number>();
  for await (const sheet of xlsxSource(Buffer.from(bytes)).sheets) {
    if (columns) {
      for await (const _ of sheet.rows) void _; // the table is on the sheet with the header; the rest is read past
      continue;
    }
    for await (const batch of sheet.rows) {
      for (const row of batch) {
        if (!columns) {
          if (row.number > HEADER_SEARCH_ROWS) break;
          columns = headerOf(row.values);
          continue;
        }
        const cell = (k: Key) => row.values[columns!.get(k)!];
        if (KEYS.every((k) => cellText(cell(k)) === '')) continue;
        out.rows += 1;
        if (out.rows > COURSES_MAX) {
          throw new CourseFileError(`“${fileName}”的课程超过 ${COURSES_MAX} 门，不像是课程设置表。请检查文件（是否选错了表格）后重新导入。`);
        }
        checkRow(row.number, cell, categories, seen, out);
      }
    }
  }
  if (!columns) throw new CourseFileError(`“${fileName}”中找不到课程设置表的表头。表头须含${EXPECTED}四列（可在前 ${HEADER_SEARCH_ROWS} 行中），请按此修改后重新导入。`);
  if (out.rows === 0) throw new CourseFileError(`“${fileName}”只有表头，下面没有课程。请填好课程后重新导入。`);
  return out;
}

/** The header's columns (0-based), when the row has all four. */
function headerOf(values: readonly unknown[]): Map<Key, number> | undefined {
  const found = new Map<Key, number>();
  values.forEach((v, i) => {
    const key = BY_TEXT.get(normalizeHeaderText(cellText(v)));
    if (key && !found.has(key)) found.set(key, i);
  });
  return found.size === KEYS.length ? found : undefined;
}

function checkRow(rowNumber: number, cell: (k: Key) => unknown, categories: CodeLookup, seen: Map<string, number>, out: CourseTable): void {
  const problems: string[] = [];
  const name = cellText(cell('name'));
  if (name === '') problems.push('课程名称为空');
  else if (name.length > 100) problems.push('课程名称太长（最多 100 个字）');
  const hours = readHours(cell('hours'));
  if (hours === undefined) problems.push(`学时“${cellText(cell('hours'))}”应为大于 0、不超过 200 的数（最多一位小数，如 2 或 1.5）`);
  const kindText = cellText(cell('kind'));
  const required = readKind(kindText);
  if (required === undefined) problems.push(`必修/选修一栏应填“必修”或“选修”，不是“${kindText}”`);
  const categoryText = cellText(cell('category'));
  const resolved = categoryText === '' ? undefined : categories.resolve(categoryText);
  if (!resolved || resolved.kind === 'invalid') problems.push(`考试类别“${categoryText}”不在代码表中（应为 ${categories.listForMessage()}）`);
  if (problems.length > 0) {
    out.problems.push({ row: rowNumber, message: `第 ${rowNumber} 行：${problems.join('；')}。` });
    return;
  }
  const category = (resolved as { value: string }).value;
  const key = `${category}\u0000${name}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    out.problems.push({ row: rowNumber, message: `第 ${rowNumber} 行：“${name}”在${category}中与第 ${earlier} 行重复，请删掉一行或改名。` });
    return;
  }
  seen.set(key, rowNumber);
  out.courses.push({ category, name, hours: hours!, required: required! });
}
