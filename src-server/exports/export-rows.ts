import type { ExportQuery, JurisdictionKind, ReviewLevel } from '../../src-shared/contract/sync-api.js';
import type { PersonFields } from '../../src-shared/domain/person.js';
import type { Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { chinaToday } from '../../src-shared/china-time.js';
import { unitScope } from '../review/review-batches.js';
import type { Reviewer } from '../review/review-service.js';
import { chinaDayAfter, chinaDayStart } from './export-workbook.js';
import { findExportBatch, selectExportPersons, type ExportFilter } from './export-store.js';

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
  /** The kind of the jurisdiction that decided: 驳回级别 names a department's or the province's step. */
  kind: JurisdictionKind;
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

export async function selectExportRows(
  db: Sql,
  who: Reviewer,
  query: ExportQuery,
  opts: { status: 'approved' | 'rejected'; periodLabel: string; now: Date },
): Promise<ExportSelection> {
  const scope = unitScope(who);
  const filter: ExportFilter = { status: opts.status, scope };
  const words = [who.user.role === 'admin' ? '全部地区' : (who.user.jurisdictionName ?? '')];
  const nameParts = [...words];
  const asciiParts: string[] = [];

  if (query.batchId !== undefined) {
    const batch = await findExportBatch(db, scope, query.batchId);
    if (!batch) throw new ApiError(404, 'not_found', '没有这个批次，或它不在你的审核范围内。请刷新批次列表后重试。');
    filter.batchId = batch.id;
    words.push(`批次 ${batch.number}`);
    nameParts.push(batch.number);
    const ascii = batch.number.replace(/[^A-Za-z0-9.-]+/g, '');
    asciiParts.push(ascii || batch.id.slice(0, 8));
  }

  const { from, to } = query;
  if (from !== undefined) filter.decidedFrom = chinaDayStart(from);
  if (to !== undefined) filter.decidedBefore = chinaDayAfter(to);
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

  const raw = await selectExportPersons(db, filter);
  raw.sort(
    (a, b) =>
      unitOrder.compare(a.unitName, b.unitName) || a.unitId - b.unitId ||
      a.receivedAt.localeCompare(b.receivedAt) || a.batchId.localeCompare(b.batchId) ||
      a.personId - b.personId,
  );
  const rows = raw.map(({ receivedAt: _receivedAt, ...r }) => r);
  return { rows, words: words.filter(Boolean).join('；'), nameParts: nameParts.filter(Boolean), asciiParts };
}
