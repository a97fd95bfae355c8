import type { Change } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../store/open-store.js';
import { reviewStepName } from '../../src-shared/contract/sync-common.js';
import type { Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';
import { applyDecision, personIdInBatch } from '../store/person-sync-repo.js';
import { insertStudyAccount, upsertExamScore, upsertStudyRecord } from '../store/study-repo.js';
import { insertReviewRecord } from '../store/review-records-repo.js';
import { insertTrainingNotice } from '../store/payments-repo.js';

export interface AppliedCounts {
  decisions: number;
  rejected: number;
  approved: number;
  studyAccounts: number;
  studyRecords: number;
  examScores: number;
  /** Study accounts opened by 已交费 (training_opened notices), added up. */
  trainingOpened: number;
}

export function emptyCounts(): AppliedCounts {
  return { decisions: 0, rejected: 0, approved: 0, studyAccounts: 0, studyRecords: 0, examScores: 0, trainingOpened: 0 };
}

/**
 * Applies one page of the change feed. Every change carries the server's sequence number and is
 * stored under it (UNIQUE), so a page applied twice — a crash between storing it and storing the
 * cursor — changes nothing the second time. Call inside one transaction with the cursor update.
 */
export function applyChanges(db: Db, changes: readonly Change[], actor: Actor, counts: AppliedCounts = emptyCounts()): AppliedCounts {
  const now = actor.now();
  for (const c of changes) {
    switch (c.type) {
      case 'decision': {
        const pid = personIdInBatch(db, c.batchId, c.personKey);
        if (!insertReviewRecord(db, { ...c, personId: pid }) || pid === null) break;
        counts.decisions++;
        // A decision on an older version (the person was sent again since) is history, not status.
        // Passed on by the first step: a department's approval goes to the province, a county's to the city.
        const pendingAt = c.status === 'county_approved' ? (c.kind === 'department' ? '省级审核' : '市级审核') : '';
        if (!applyDecision(db, pid, { ...c, pendingAt }, now)) break;
        if (c.result === 'rejected') counts.rejected++;
        if (c.status === 'approved') counts.approved++;
        recordAudit(db, actor, {
          action: c.result === 'rejected' ? 'person.returned' : 'person.approved',
          entity: 'person',
          entityId: String(pid),
          detail: `${reviewStepName(c.level, c.kind)}审核${c.result === 'rejected' ? '驳回' : '通过'}（${c.reviewer}）${c.comment ? `：${c.comment}` : ''}`,
        });
        break;
      }
      case 'study_account':
        if (insertStudyAccount(db, { ...c, personId: personIdInBatch(db, c.batchId, c.personKey) })) counts.studyAccounts++;
        break;
      case 'study_record':
        if (upsertStudyRecord(db, c, c.record)) counts.studyRecords++;
        break;
      case 'exam_score':
        if (upsertExamScore(db, c, c.score)) counts.examScores++;
        break;
      case 'training_opened':
        if (!insertTrainingNotice(db, c)) break;
        counts.trainingOpened += c.count;
        recordAudit(db, actor, { action: 'batch.training_opened', entity: 'batch', entityId: c.batchId, detail: `批次 ${c.batchNumber} 已确认交费，已开通网络培训 ${c.count} 人` });
        break;
    }
  }
  return counts;
}
