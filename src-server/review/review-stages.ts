import type { ReviewLevel } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../db/open-db.js';
import { unitBureaus } from './review-store.js';

/** One review step: which judicial bureau decides, at which level. */
export interface ReviewStage {
  level: ReviewLevel;
  jurisdictionId: number;
  jurisdictionName: string;
}

/**
 * Who reviews a unit's people, in order. One stage: the bureau the unit is under (Fujian's 本级司法部门).
 * Two stages: a unit under a county bureau goes to the county first, then to the city above it
 * (Guangxi's 县级初审、市级终审); a unit directly under a city bureau goes to the city only.
 */
export function reviewStagesFor(db: Db, unitId: number, stages: 1 | 2): ReviewStage[] {
  const row = unitBureaus(db, unitId);
  if (!row) throw new Error(`unit ${unitId} has no jurisdiction`);
  const own: ReviewStage = { level: row.level, jurisdictionId: row.id, jurisdictionName: row.name };
  if (stages === 2 && row.level === 'county' && row.parentId !== null && row.parentName !== null) {
    return [own, { level: 'city', jurisdictionId: row.parentId, jurisdictionName: row.parentName }];
  }
  return [own];
}

/** The stage after `current` (by level and bureau), or undefined when `current` was the last. */
export function nextStage(stages: readonly ReviewStage[], current: { level: ReviewLevel; jurisdictionId: number }): ReviewStage | undefined {
  const i = stages.findIndex((s) => s.level === current.level && s.jurisdictionId === current.jurisdictionId);
  return i >= 0 ? stages[i + 1] : undefined;
}
