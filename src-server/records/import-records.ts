import type { Actor } from '../accounts/accounts.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import { appendChange } from '../feed/changes-store.js';
import { analyzeIdNumber } from '../../src-shared/rules/id-number.js';
import { compactText } from '../../src-shared/rules/text.js';
import { cellText, readRecordTable, RecordFileError, type RawCell, type RecordTable, type TableRow } from './read-record-table.js';
import { RECORD_KINDS, timeKey, type RecordKind, type RecordKindDef } from './record-kinds.js';
import { countApprovedPersons, findApprovedPersons, findRecords, insertRecords, recordKey, updateRecord, type ApprovedPerson, type RecordWrite } from './records-store.js';

/**
 * Imports a study-platform export (人员学习记录 or 人员考试成绩) into the store: each row goes to the
 * unit of the approved person with its ID number, and reaches that unit through the change feed.
 *
 * - Rows whose ID number belongs to no approved person are not stored; they are reported (未匹配).
 * - A record is keyed by (ID number, start time): the same key with the same content is unchanged and
 *   appends nothing, so importing the same file twice changes nothing; the same key with other
 *   content is updated and appends one feed entry.
 * - The file is read whole before anything is written, and everything is written in one transaction
 *   with its audit line: a file that cannot be read changes nothing.
 */

export interface RowRef {
  /** The row number Excel shows. */
  row: number;
  name: string;
  /** Masked: 110101********1234. */
  idNumber: string;
}

export interface ImportSummary {
  kind: RecordKind;
  title: string;
  file: string;
  sha256: string;
  format: 'xlsx' | 'csv';
  sheet?: string;
  headerRow: number;
  /** Non-blank rows below the header. */
  rows: number;
  /** New records. */
  added: number;
  /** Records already there with other content. */
  updated: number;
  /** Records already there with the same content: nothing written. */
  unchanged: number;
  /** No approved person has this ID number: not stored. */
  unmatched: RowRef[];
  /** Rows that cannot be used (ID number or name missing, ID number mangled by Excel): not stored. */
  invalid: Array<RowRef & { message: string }>;
  /** The same person and start time again in this file: the later row was taken. */
  duplicates: Array<{ row: number; keptRow: number; identical: boolean }>;
  /** Stored by ID number, but the name differs from the registration: worth a look. */
  nameMismatches: Array<RowRef & { registeredName: string }>;
  /** Rows with neither name nor ID number (a total or filter line under the table): ignored. */
  skipped: number;
  /** Columns of the manual's table the file does not have: stored as empty text. */
  missingColumns: string[];
  /** Feed entries appended, per unit. */
  units: Array<{ unitId: number; unitName: string; changes: number }>;
  /** Approved persons in the whole store: 0 means nothing can match (a wrong --data?). */
  approvedPersons: number;
}

interface Candidate<T> {
  row: number;
  idNumber: string;
  name: string;
  key: string;
  person: ApprovedPerson;
  record: T;
  json: string;
}

export function maskIdNumber(id: string): string {
  const chars = [...id];
  if (chars.length >= 10) return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
  if (chars.length > 4) return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
  return id;
}

const EXCEL_NUMBER_MESSAGE =
  '身份证号被 Excel 存成了数字，后几位已变成 0，无法恢复。请用学习平台导出的原文件导入（不要在 Excel 中打开后另存），或把该列设为“文本”格式后重新填入完整号码。';

/** The ID number of a row, normalised as the server stores it, or why it cannot be used. */
function readIdNumber(raw: RawCell | undefined, today: string): { value: string; message?: string } {
  // Some exports write a leading apostrophe so Excel keeps the number as text.
  const cell = typeof raw === 'string' ? raw.trim().replace(/^['‘’]/, '') : (raw ?? null);
  const a = analyzeIdNumber(cell, today);
  const error = a.issues.find((i) => i.severity === 'error');
  if (!error) return { value: a.value };
  if (error.code === 'required') return { value: '', message: '身份证号为空，请补上后重新导入。' };
  if (error.code === 'id.excel_precision') return { value: a.value, message: EXCEL_NUMBER_MESSAGE };
  return { value: a.value, message: error.message };
}

function isHeaderAgain(row: TableRow): boolean {
  return cellText(row.cells.name?.[0]) === '姓名' && compactText(cellText(row.cells.idNumber?.[0])).startsWith('身份证');
}

/** A file read and checked, not yet stored. */
export interface RecordImportFile {
  def: RecordKindDef<unknown>;
  table: RecordTable;
}

/** Reads and checks the file; throws RecordFileError (Chinese, says what to do) when it cannot be used. */
export async function readRecordImport(kind: RecordKind, file: string): Promise<RecordImportFile> {
  const def = RECORD_KINDS[kind] as RecordKindDef<unknown>;
  const table = await readRecordTable(file, def.spec);
  checkTable(def, table);
  return { def, table };
}

/** Reads, checks and stores in one go. */
export async function importRecordFile(db: Sql, kind: RecordKind, file: string, actor: Actor): Promise<ImportSummary> {
  return storeRecordImport(db, await readRecordImport(kind, file), actor);
}

/** Refuses a file that is readable but is not this export. */
function checkTable(def: RecordKindDef<unknown>, table: RecordTable): void {
  const found = new Set(table.found);
  if (!def.contentKeys.some((k) => found.has(k))) {
    const other = Object.values(RECORD_KINDS).find((k) => k !== def) as RecordKindDef<unknown>;
    const otherHeaders = other.spec.columns.filter((c) => other.contentKeys.includes(c.key)).flatMap((c) => c.headers);
    if (otherHeaders.some((h) => table.headerTexts.includes(h))) {
      throw new RecordFileError(
        'wrong_table',
        `“${table.fileName}”看起来是${other.title}，不是${def.title}。请改用 ${other.verb} 命令导入它，或换成${def.title}文件。`,
      );
    }
    const wanted = def.spec.columns.filter((c) => def.contentKeys.includes(c.key)).map((c) => `“${c.headers[0]}”`);
    throw new RecordFileError(
      'wrong_table',
      `“${table.fileName}”只有姓名、身份证号，没有${def.title}的内容列（${wanted.join('、')}等），不像是学习平台导出的${def.title}。请选择正确的文件后再导入。`,
    );
  }
  if (table.rows.length === 0) {
    throw new RecordFileError('no_rows', `“${table.fileName}”只有表头（第 ${table.headerRow} 行），下面没有数据。请确认导出时选对了范围后再导入。`);
  }
}

/** A record an import adds or updates, as it is written (for the console's preview). */
export interface StoredRow {
  row: number;
  idNumber: string;
  name: string;
  record: unknown;
  action: 'added' | 'updated';
}

/**
 * Stores the rows of a file read by readRecordImport, with their feed entries and one audit line, in one
 * transaction. `onStored` sees each record added or updated, in row order, as it is written (again from
 * the first row, should PostgreSQL run the transaction again).
 */
export async function storeRecordImport(db: Sql, { def, table }: RecordImportFile, actor: Actor, onStored?: (row: StoredRow) => void): Promise<ImportSummary> {
  const now = actor.now();
  const today = now.toISOString().slice(0, 10);
  const found = new Set(table.found);
  const emptySummary = (): ImportSummary => ({
    kind: def.kind,
    title: def.title,
    file: table.fileName,
    sha256: table.sha256,
    format: table.format,
    ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
    headerRow: table.headerRow,
    rows: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    unmatched: [],
    invalid: [],
    duplicates: [],
    nameMismatches: [],
    skipped: 0,
    missingColumns: def.spec.columns.filter((c) => !found.has(c.key)).map((c) => c.headers[0]!),
    units: [],
    approvedPersons: 0,
  });
  // Matching and writing in one transaction: no review decision can slip in between finding a row's
  // unit and storing the row there. The summary is counted afresh by each run of it.
  return transaction(db, async (t) => {
    const summary = emptySummary();
    summary.approvedPersons = await countApprovedPersons(t);
    const candidates = await matchRows(t, def, table, today, summary);
    await writeRows(t, def, table, candidates, now, summary, onStored);
    await recordAudit(t, {
      at: now,
      actorUserId: actor.userId,
      actor: actor.name,
      action: `${def.kind}.import`,
      entity: def.kind,
      entityId: table.sha256,
      detail: {
        file: table.fileName,
        format: table.format,
        rows: summary.rows,
        added: summary.added,
        updated: summary.updated,
        unchanged: summary.unchanged,
        unmatched: summary.unmatched.length,
        invalid: summary.invalid.length,
        duplicates: summary.duplicates.length,
        skipped: summary.skipped,
        units: summary.units.map((u) => ({ unitId: u.unitId, changes: u.changes })),
      },
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    return summary;
  });
}

/** Each row checked and matched to its approved person; one candidate per (ID number, start time), the last row winning. */
async function matchRows(db: Sql, def: RecordKindDef<unknown>, table: RecordTable, today: string, summary: ImportSummary): Promise<Candidate<unknown>[]> {
  // First the rows' own checks, then one lookup of every ID number's approved person (in chunks), then
  // the rows again in their order: each list of the summary stays in row order.
  const usable: Array<{ row: TableRow; name: string; idNumber: string; ref: RowRef }> = [];
  for (const row of table.rows) {
    if (isHeaderAgain(row)) continue;
    summary.rows += 1;
    const name = cellText(row.cells.name?.[0]);
    const rawId = row.cells.idNumber?.[0];
    if (name === '' && cellText(rawId) === '') {
      summary.skipped += 1;
      continue;
    }
    const id = readIdNumber(rawId, today);
    const ref: RowRef = { row: row.row, name, idNumber: maskIdNumber(id.value) };
    if (id.message !== undefined) {
      summary.invalid.push({ ...ref, message: id.message });
      continue;
    }
    if (name === '') {
      summary.invalid.push({ ...ref, message: '姓名为空，请补上后重新导入。' });
      continue;
    }
    usable.push({ row, name, idNumber: id.value, ref });
  }
  const people = await findApprovedPersons(db, usable.map((u) => u.idNumber));

  const byKey = new Map<string, Candidate<unknown>>();
  for (const { row, name, idNumber, ref } of usable) {
    const person = people.get(idNumber);
    if (!person) {
      summary.unmatched.push(ref);
      continue;
    }
    if (compactText(person.name) !== compactText(name)) summary.nameMismatches.push({ ...ref, registeredName: person.name });
    const record = def.parse(def.toRecord(row));
    const key = timeKey(cellText(row.cells[def.keyField]?.[0]));
    const candidate: Candidate<unknown> = { row: row.row, idNumber, name, key, person, record, json: JSON.stringify(record) };
    const mapKey = recordKey(idNumber, key);
    const earlier = byKey.get(mapKey);
    if (earlier) {
      summary.duplicates.push({ row: earlier.row, keptRow: row.row, identical: earlier.json === candidate.json && earlier.name === name });
      byKey.delete(mapKey); // re-inserted below, so the entries stay in the order of the rows taken
    }
    byKey.set(mapKey, candidate);
  }
  return [...byKey.values()];
}

/** New and changed records stored, each with its feed entry; the same content again writes nothing. */
async function writeRows(
  db: Sql,
  def: RecordKindDef<unknown>,
  table: RecordTable,
  candidates: Candidate<unknown>[],
  now: Date,
  summary: ImportSummary,
  onStored: ((row: StoredRow) => void) | undefined,
): Promise<void> {
  const perUnit = new Map<number, { unitId: number; unitName: string; changes: number }>();
  const at = now.toISOString();

  const stored = await findRecords(db, def.kind, candidates.map((c) => c.idNumber));
  const inserts: Array<{ idNumber: string; startedKey: string; write: RecordWrite }> = [];
  for (const c of candidates) {
    const existing = stored.get(recordKey(c.idNumber, c.key));
    if (existing && existing.unitId === c.person.unitId && existing.name === c.name && existing.json === c.json) {
      summary.unchanged += 1;
      continue;
    }
    const write = { unitId: c.person.unitId, personId: c.person.id, name: c.name, json: c.json, sourceSha256: table.sha256, at };
    if (existing) {
      await updateRecord(db, def.kind, existing.id, write);
      summary.updated += 1;
    } else {
      inserts.push({ idNumber: c.idNumber, startedKey: c.key, write }); // written together below, in the same transaction
      summary.added += 1;
    }
    await appendChange(db, c.person.unitId, def.payload(c.idNumber, c.name, c.record), now);
    onStored?.({ row: c.row, idNumber: c.idNumber, name: c.name, record: c.record, action: existing ? 'updated' : 'added' });
    const u = perUnit.get(c.person.unitId) ?? { unitId: c.person.unitId, unitName: c.person.unitName, changes: 0 };
    u.changes += 1;
    perUnit.set(c.person.unitId, u);
  }
  await insertRecords(db, def.kind, inserts);
  summary.units = [...perUnit.values()].sort((a, b) => b.changes - a.changes || a.unitId - b.unitId);
}

// ---------------------------------------------------------------------------------------------------
// The administrator's summary

/** Rows listed per section before "…另有 N 行". */
export const LISTED_ROWS = 20;

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const out = items.slice(0, LISTED_ROWS).map((i) => `  ${line(i)}`);
  if (items.length > LISTED_ROWS) out.push(`  …另有 ${items.length - LISTED_ROWS} 行，加 --json 可查看全部。`);
  return out;
}

/** The Chinese summary printed by the admin command. */
export function formatImportSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const where = [s.sheet !== undefined ? `工作表“${s.sheet}”` : '', `表头在第 ${s.headerRow} 行`].filter(Boolean).join('，');
  lines.push(`已读取${s.title}“${s.file}”（${where}），共 ${s.rows} 行数据。`);
  const counts = [
    `导入 ${s.added + s.updated} 条（新增 ${s.added} 条，更新 ${s.updated} 条）`,
    `未变化 ${s.unchanged} 条`,
    `未匹配 ${s.unmatched.length} 条`,
    `有误 ${s.invalid.length} 条`,
  ];
  if (s.duplicates.length > 0) counts.push(`重复 ${s.duplicates.length} 行`);
  if (s.skipped > 0) counts.push(`跳过 ${s.skipped} 行（没有姓名和身份证号）`);
  lines.push(counts.join('，') + '。');
  if (s.units.length > 0) {
    lines.push(
      `已放入 ${s.units.length} 个执法单位的同步数据，各单位下次同步时收到：${s.units.map((u) => `${u.unitName} ${u.changes} 条`).join('，')}。`,
    );
  } else {
    lines.push('没有新增或变化的记录，各单位不会收到重复的数据。');
  }
  if (s.missingColumns.length > 0) {
    lines.push(`注意：文件中没有${s.missingColumns.map((c) => `“${c}”`).join('、')}列，这些项按空白导入。如果不对，请从学习平台重新导出完整的表格再导入。`);
  }
  if (s.unmatched.length > 0) {
    lines.push('', '未匹配（找不到终审通过的报名人员，这些行没有导入）：');
    lines.push(...listed(s.unmatched, (r) => `第 ${r.row} 行  ${r.name || '（无姓名）'}  ${r.idNumber}`));
    lines.push(
      s.approvedPersons === 0
        ? '同步服务器上还没有任何终审通过的报名人员。请确认 --data 指向正在使用的数据文件夹；如果审核还没完成，请在审核通过后重新导入同一个文件（已导入的记录不会重复）。'
        : '请核对这些身份证号；如果这些人员的报名还没有审核通过，请在审核通过后重新导入同一个文件（已导入的记录不会重复）。',
    );
  }
  if (s.invalid.length > 0) {
    lines.push('', '有误（这些行没有导入）：');
    lines.push(...listed(s.invalid, (r) => `第 ${r.row} 行  ${r.name || '（无姓名）'}  ${r.idNumber || '（无身份证号）'}：${r.message}`));
    lines.push('改正后重新导入整个文件即可，已导入的记录不会重复。');
  }
  if (s.nameMismatches.length > 0) {
    lines.push('', '姓名与报名信息不一致（已按身份证号导入，请核对）：');
    lines.push(...listed(s.nameMismatches, (r) => `第 ${r.row} 行  文件中为“${r.name}”，报名信息为“${r.registeredName}”  ${r.idNumber}`));
  }
  if (s.duplicates.length > 0) {
    lines.push('', '同一人同一开始时间出现多次，以后面的一行为准：');
    lines.push(...listed(s.duplicates, (d) => `第 ${d.row} 行与第 ${d.keptRow} 行${d.identical ? '完全相同' : '内容不同，采用第 ' + d.keptRow + ' 行'}`));
  }
  return lines.join('\n');
}
