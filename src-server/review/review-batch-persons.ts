import { provinceKind, type ReviewBatchPersonsResponse } from '../../src-shared/contract/sync-api.js';
import type { Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { batchInScope, batchPersons } from './review-person-store.js';
import { readScope, type Reviewer } from './review-service.js';

/**
 * One batch's people with where each stands (GET /review/batches/:batchId/persons), so a reviewer or an
 * administrator can open anyone of it from 批次与导出, not only those waiting in the queue. A batch
 * outside the caller's scope is "not found", as a person is.
 */
export async function listBatchPersons(db: Sql, r: Reviewer, batchId: string): Promise<ReviewBatchPersonsResponse> {
  // Batch IDs are stored as the desktop's lower-case UUIDs.
  const batch = await batchInScope(db, batchId.toLowerCase(), readScope(r));
  if (!batch) throw new ApiError(404, 'not_found', '这个批次不存在，或不在你的审核范围内。请刷新“批次与导出”后重试。');
  const persons = (await batchPersons(db, batch.batchId)).map(({ pendingLevel, pendingJurisdiction, pendingKind, ...p }) => ({
    ...p,
    pendingAt: pendingLevel && pendingJurisdiction ? { level: pendingLevel, jurisdiction: pendingJurisdiction, ...provinceKind(pendingKind) } : null,
  }));
  return { batch, persons };
}
