import type { ExportQuery, ReviewLevel } from '../../src-shared/contract/sync-api.js';
import type { PersonFields } from '../../src-shared/domain/person.js';
import type { Db } from '../db/open-db.js';
import { ApiError } from '../errors.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { unitScope } from '../review/review-batches.js';
import type { Reviewer } from '../review/review-service.js';
import { chinaDayAfter, chinaDayStart } from './export-workbook.js';

/**
 * The people an export lists: those in one standing (approved, rejected) within the caller's scope,
 * optionally in one batch and/or decided within a period of China days, each with the decision that
 * put them there (the latest one), ordered by unit (pinyin), batch, then their order in the batch.
 */

export interface ExportRow {
  personId: number;
  unitId: number;
  unitName: string;
  batchId: string;
  batchNumber: string;
  fields: PersonFields;
  /** The study account made at final approval ('' when none). */
  studyAccount: string;
  level: ReviewLevel;
  comment: string;
  reviewer: string;
  decidedAt: string;
}

export interface ExportSelection {
  rows: ExportRow[];
  /** The filter in words for the title: 南宁市司法局；批次 XZZF…；终审通过日期 2026-11-01 至 2026-11-30. */
  words: string;
  /** The same for a file name (Chinese) and its ASCII fallback. */
  nameParts: string[];
  asciiParts: string[];
}

const unitOrder = new Intl.Collator('zh-CN');

export function selectExportRows(
  db: Db,
  who: Reviewer,
  query: ExportQuery,
  opts: { status: 'approved' | 'rejected'; periodLabel: string; now: Date },
): ExportSelection {
  const s = unitScope(who);
  const where = ['p.status = ?', 'd.result = ?', s.sql];
  const args: Array<string | number> = [opts.status, opts.status, ...s.args];
  const words = [who.user.role === 'admin' ? '全部地区' : (who.user.jurisdictionName ?? '')];
  const nameParts = [...words];
  const asciiParts: string[] = [];

  if (query.batchId !== undefined) {
    const batch = db
      .prepare(`SELECT b.id, b.number FROM batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ? AND ${s.sql}`)
      .get(query.batchId, ...s.args) as { id: string; number: string } | undefined;
    if (!batch) throw new ApiError(404, 'not_found', '没有这个批次，或它不在你的审核范围内。请刷新批次列表后重试。');
    where.push('p.batch_id = ?');
    args.push(batch.id);
    words.push(`批次 ${batch.number}`);
    nameParts.push(batch.number);
    const ascii = batch.number.replace(/[^A-Za-z0-9.-]+/g, '');
    asciiParts.push(ascii || batch.id.slice(0, 8));
  }

  const { from, to } = query;
  if (from !== undefined) {
    where.push('d.decided_at >= ?');
    args.push(chinaDayStart(from));
  }
  if (to !== undefined) {
    where.push('d.decided_at < ?');
    args.push(chinaDayAfter(to));
  }
  if (from !== undefined && to !== undefined) {
    words.push(from === to ? `${opts.periodLabel} ${from}` : `${opts.periodLabel} ${from} 至 ${to}`);
    nameParts.push(from === to ? from : `${from}至${to}`);
    asciiParts.push(from === to ? from : `${from}_${to}`);
  } else if (from !== undefined) {
    words.push(`${opts.periodLabel} ${from} 起`);
    nameParts.push(`${from}起`);
    asciiParts.push(`from_${from}`);
  } else if (to !== undefined) {
    words.push(`${opts.periodLabel}截至 ${to}`);
    nameParts.push(`截至${to}`);
    asciiParts.push(`to_${to}`);
  } else if (query.batchId === undefined) {
    // Everything so far: the file name says as of when.
    const today = chinaToday(opts.now);
    nameParts.push(`截至${today}`);
    asciiParts.push(today);
  }

  const raw = db
    .prepare(
      `SELECT p.id AS personId, u.id AS unitId, u.name AS unitName, b.id AS batchId, b.number AS batchNumber, b.received_at AS receivedAt,
              v.fields_json AS fieldsJson, COALESCE(sa.username, '') AS studyAccount,
              d.level, d.comment, d.reviewer_name AS reviewer, d.decided_at AS decidedAt
       FROM persons p
       JOIN batches b ON b.id = p.batch_id
       JOIN units u ON u.id = p.unit_id
       JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
       JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE person_id = p.id)
       LEFT JOIN study_accounts sa ON sa.person_id = p.id
       WHERE ${where.join(' AND ')}`,
    )
    .all(...args) as Array<Omit<ExportRow, 'fields'> & { fieldsJson: string; receivedAt: string }>;

  raw.sort(
    (a, b) =>
      unitOrder.compare(a.unitName, b.unitName) || a.unitId - b.unitId ||
      a.receivedAt.localeCompare(b.receivedAt) || a.batchId.localeCompare(b.batchId) ||
      a.personId - b.personId,
  );
  const rows = raw.map(({ fieldsJson, receivedAt: _receivedAt, ...r }) => ({ ...r, fields: JSON.parse(fieldsJson) as PersonFields }));
  return { rows, words: words.filter(Boolean).join('；'), nameParts: nameParts.filter(Boolean), asciiParts };
}
