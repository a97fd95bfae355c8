import type { JurisdictionKind, ReviewLevel } from '../../src-shared/contract/sync-api.js';
import type { Sql } from '../db/sql.js';
import { unitBureaus, type UnitBureaus } from './review-store.js';

/** One review step: which jurisdiction decides, at which level (tier), and what kind it is (for its name). */
export interface ReviewStage {
  level: ReviewLevel;
  jurisdictionId: number;
  jurisdictionName: string;
  kind: JurisdictionKind;
}

/**
 * Who reviews a unit's people, in order; the chain follows the unit's place in the jurisdiction tree.
 *
 * Under a city or county judicial bureau the deployment's setting decides (`stages`):
 * - 1: the bureau the unit is under decides alone (Fujian's 本级司法部门);
 * - 2: a unit under a county bureau goes to the county first, then to the city above it (Guangxi's
 *   县级初审、市级终审); a unit directly under a city bureau goes to the city only.
 *
 * Under the province the setting plays no part (Guangxi notice step 5 (2)): a unit of a province
 * department (南宁铁路局, 农垦局, 区直部门) goes to its department's legal office first and then to the
 * province office, always two steps, because a department's legal office is no judicial bureau and
 * cannot give final approval; a unit placed directly under the province goes to the province only.
 */
export async function reviewStagesFor(db: Sql, unitId: number, stages: 1 | 2): Promise<ReviewStage[]> {
  const row = await unitBureaus(db, unitId);
  if (!row) throw new Error(`unit ${unitId} has no jurisdiction`);
  return stagesUnder(row, stages);
}

/** reviewStagesFor of a unit whose bureaus are known (unitBureaus / unitsBureaus). */
export function stagesUnder(row: UnitBureaus, stages: 1 | 2): ReviewStage[] {
  const own: ReviewStage = { level: row.level, jurisdictionId: row.id, jurisdictionName: row.name, kind: row.kind };
  if (row.parentId === null || row.parentName === null) return [own];
  if (row.kind === 'department') return [own, { level: 'city', jurisdictionId: row.parentId, jurisdictionName: row.parentName, kind: 'province' }];
  if (stages === 2 && row.kind === 'county') return [own, { level: 'city', jurisdictionId: row.parentId, jurisdictionName: row.parentName, kind: 'city' }];
  return [own];
}

/** The stage after `current` (by level and bureau), or undefined when `current` was the last. */
export function nextStage(stages: readonly ReviewStage[], current: { level: ReviewLevel; jurisdictionId: number }): ReviewStage | undefined {
  const i = stages.findIndex((s) => s.level === current.level && s.jurisdictionId === current.jurisdictionId);
  return i >= 0 ? stages[i + 1] : undefined;
}
