import {
  REVIEW_PENDING_PAGE,
  provinceKind,
  reviewStepName,
  type DecisionRequest,
  type DecisionResponse,
  type ReviewListItem,
  type ReviewPendingBatch,
  type ReviewPendingQuery,
  type ReviewPendingResponse,
  type ReviewPersonResponse,
  type ServerPersonStatus,
} from '../../src-shared/contract/sync-api.js';
import { fileNameForMime } from '../../src-shared/file-names.js';
import { cleanMultilineText } from '../../src-shared/rules/text.js';
import { FIELD_KEYS } from '../../src-shared/domain/person.js';
import type { UserRecord } from '../accounts/accounts.js';
import { transaction, type Sql } from '../db/sql.js';
import { recordAudit } from '../db/audit.js';
import { ApiError } from '../errors.js';
import { appendChange } from '../feed/changes-store.js';
import { nextStage, reviewStagesFor, stagesUnder } from './review-stages.js';
import { batchEvidence, batchWithUnit, blobInScope, decisionsOf, versionsOf, versionWithPhoto } from './review-person-store.js';
import { cursorText, insertDecision, parseCursor, pendingBatches, pendingCounts, pendingPersons, personUnder, setStanding, unitsUnder, versionFields, type ReviewedPerson, type UnitScope } from './review-store.js';
import { openStudyAccount } from './study-accounts.js';
import { batchPaid } from '../payments/payments-store.js';
import { recordQueueVisit } from './review-visit-store.js';

/**
 * What a reviewer may see and do. Scope: the units under the reviewer's bureau (directly, or through
 * a county bureau under a city one). A person outside it is answered as "not found", so a reviewer
 * cannot even learn that it exists. Deciding needs more: the person must be waiting at this
 * reviewer's bureau and level, in the version the reviewer looked at.
 */

export interface Reviewer {
  user: UserRecord;
  ip: string;
}

/** The reviewer's bureau, whose units they see; 403 for an account without one. */
export function reviewerBureau(r: Reviewer): number {
  const j = r.user.jurisdictionId;
  if (j === null || r.user.reviewLevel === null) throw new ApiError(403, 'auth.forbidden', '你的审核账号没有设置所属司法局，请联系管理员。');
  return j;
}

function notFound(personId: number): never {
  throw new ApiError(404, 'not_found', `人员 #${personId} 不存在，或不在你的审核范围内。请刷新待审核列表。`);
}

/**
 * The reviewer's queue: a page of the filter's people (the longest waiting first), every batch waiting
 * here with where an approval sends it, and what arrived since the previous visit. This look is
 * recorded as the reviewer's latest (`session`: the token hash of this sign-in).
 */
export async function listPending(
  db: Sql,
  r: Reviewer,
  filter: ReviewPendingQuery,
  visit: { session: string; now: Date; reviewStages: 1 | 2 },
): Promise<ReviewPendingResponse> {
  const jurisdictionId = reviewerBureau(r);
  const level = r.user.reviewLevel!;
  const q = { jurisdictionId, level, batchId: filter.batchId, unitId: filter.unitId, round: filter.round, q: filter.q || undefined };
  const limit = filter.limit ?? REVIEW_PENDING_PAGE;
  const lastVisitAt = await recordQueueVisit(db, r.user.id, visit.session, visit.now.toISOString());
  const counts = await pendingCounts(db, q, lastVisitAt);

  // Where approval leads depends on the unit only (its bureau's place), which comes with each batch.
  const batches = (await pendingBatches(db, { jurisdictionId, level })).map(({ bureaus, ...b }): ReviewPendingBatch => {
    const next = nextStage(stagesUnder(bureaus, visit.reviewStages), { level, jurisdictionId });
    return { ...b, afterApproval: next ? { level: next.level, jurisdiction: next.jurisdictionName, ...provinceKind(next.kind) } : null };
  });

  // One row more than the page tells whether another page follows.
  const rows = await pendingPersons(db, q, { limit: limit + 1, after: filter.after ? parseCursor(filter.after) : undefined });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const persons = page.map((row): ReviewListItem => {
    const { fields, issues } = row;
    return {
      personId: row.personId, version: row.version, batchId: row.batchId, batchNumber: row.batchNumber, unitId: row.unitId, unitName: row.unitName,
      name: row.name, idNumber: row.idNumber, gender: fields.gender, agency: fields.agency, status: row.status, submittedAt: row.submittedAt,
      arrivedAt: row.arrivedAt, warningCount: issues.filter((i) => i.severity === 'warning').length,
    };
  });
  return {
    level, batches, persons, total: counts.total,
    nextAfter: rows.length > limit && last ? cursorText({ arrivedAt: last.arrivedAt, personId: last.personId }) : null,
    lastVisitAt, sinceLastVisit: { new: counts.fresh, resubmitted: counts.resubmitted },
  };
}

/** What the caller may read: a reviewer the units under their bureau, an administrator every unit. */
export function readScope(r: Reviewer): UnitScope {
  return unitsUnder(r.user.role === 'admin' ? null : reviewerBureau(r));
}

/** A person the caller may read, or "not found" (a reviewer outside it is not told it exists). */
async function personInScope(db: Sql, r: Reviewer, personId: number): Promise<ReviewedPerson> {
  return (await personUnder(db, personId, readScope(r))) ?? notFound(personId);
}

/** Only a reviewer decides, and only where the person waits (an administrator's nulls match nothing). */
function decidable(r: Reviewer, p: ReviewedPerson): boolean {
  return r.user.role === 'reviewer' && p.pendingJurisdictionId !== null && p.pendingJurisdictionId === r.user.jurisdictionId && p.pendingLevel === r.user.reviewLevel;
}

/** One person as a reviewer (or, read-only, an administrator) sees them. */
export async function getPerson(db: Sql, r: Reviewer, personId: number): Promise<ReviewPersonResponse> {
  const p = await personInScope(db, r, personId);
  const b = (await batchWithUnit(db, p.batchId))!;
  const v = (await versionWithPhoto(db, p.id, p.version))!;
  const evidence = (await batchEvidence(db, p.batchId)).map((f) => ({ ...f, fileName: fileNameForMime(f.fileName, f.mime) }));
  const decisions = (await decisionsOf(db, p.id)).map(({ kind, ...d }) => ({ ...d, ...provinceKind(kind) }));
  // Each version with what it changed against the one before (the photo also by its bytes).
  let before: ReviewPersonResponse['versions'][number] | undefined;
  const versions = (await versionsOf(db, p.id)).map(({ fields, ...row }) => {
    const prev = before;
    const changed = prev ? FIELD_KEYS.filter((k) => (fields[k] ?? '') !== (prev.fields[k] ?? '') || (k === 'photo' && row.photoSha256 !== prev.photoSha256)) : [];
    before = { ...row, fields, changed };
    return before;
  });
  return {
    personId: p.id, key: p.key, version: p.version, status: p.status,
    pendingAt: p.pendingLevel && p.pendingJurisdiction ? { level: p.pendingLevel, jurisdiction: p.pendingJurisdiction, ...provinceKind(p.pendingKind) } : null,
    decidable: decidable(r, p), batch: b,
    fields: v.fields, issues: v.issues,
    photo: { sha256: v.sha256, mime: v.mime, size: v.size }, evidence, decisions, versions,
  };
}

/**
 * A photo or evidence file of a person in the reviewer's scope, with the name it was sent under (the
 * first in scope; the same bytes may have been sent under several), or undefined.
 */
export async function reviewerBlob(db: Sql, r: Reviewer, sha256: string): Promise<{ mime: string; size: number; fileName: string } | undefined> {
  const row = await blobInScope(db, sha256, readScope(r));
  const name = row?.evidenceName ?? row?.photoName ?? row?.slipName;
  if (!row || name === null || name === undefined) return undefined;
  // Names kept before they were stored with their real extension get it here.
  return { mime: row.mime, size: row.size, fileName: fileNameForMime(name, row.mime, sha256.slice(0, 12)) };
}

export async function decide(
  db: Sql,
  r: Reviewer,
  req: { items: DecisionRequest['items']; result: 'approved' | 'rejected'; comment: string },
  now: Date,
  reviewStages: 1 | 2,
  fees: { enabled: boolean } = { enabled: false },
): Promise<DecisionResponse> {
  // Shown to the unit as written, but without invisible characters (bidi overrides, zero-width spaces).
  const comment = cleanMultilineText(req.comment);
  if (req.result === 'rejected' && comment === '') {
    throw new ApiError(400, 'review.comment_required', '驳回时必须填写审核意见，写明哪里不对、怎么改，执法单位会在“人员退回”里看到。');
  }
  reviewerBureau(r); // 403 for anyone but a reviewer with a bureau, whatever the route allows
  const ids = req.items.map((i) => i.personId);
  if (new Set(ids).size !== ids.length) throw new ApiError(400, 'request.invalid', '同一个人员在一次审核里出现了两次，请刷新列表后重试。');
  const at = now.toISOString();
  const reviewerName = `${r.user.displayName || r.user.username}（${r.user.jurisdictionName ?? ''}）`;

  return transaction(db, async (t): Promise<DecisionResponse> => {
    const decided: DecisionResponse['decided'] = [];
    for (const item of req.items) {
      const p = await personInScope(t, r, item.personId);
      if (!decidable(r, p) || p.version !== item.version) {
        const why =
          p.version !== item.version
            ? `已重新提交了新版本（第 ${p.version} 版），请先查看新版本`
            : p.status === 'approved'
              ? '已经审核通过'
              : p.status === 'rejected'
                ? '已被驳回，正等待执法单位修改'
                : `正等待${p.pendingJurisdiction ?? ''}${p.pendingLevel ? `（${reviewStepName(p.pendingLevel, p.pendingKind)}）` : ''}审核`;
        throw new ApiError(409, 'review.not_pending', `人员 #${p.id} ${why}，这次审核没有保存（所选人员都未改变）。请刷新列表后重试。`);
      }
      const fields = (await versionFields(t, p.id, p.version))!;
      const level = p.pendingLevel!;
      let status: ServerPersonStatus;
      let studyAccount: DecisionResponse['decided'][number]['studyAccount'] = null;
      let next: ReturnType<typeof nextStage>;
      if (req.result === 'rejected') status = 'rejected';
      else {
        next = nextStage(await reviewStagesFor(t, p.unitId, reviewStages), { level, jurisdictionId: p.pendingJurisdictionId! });
        status = next ? 'county_approved' : 'approved';
      }
      await insertDecision(t, {
        personId: p.id, version: p.version, level, jurisdictionId: p.pendingJurisdictionId, result: req.result, comment,
        reviewerUserId: r.user.id, reviewerName, at,
      });
      await setStanding(t, p.id, { status, jurisdictionId: next?.jurisdictionId ?? null, level: next?.level ?? null }, at);
      await appendChange(
        t, p.unitId,
        { type: 'decision', batchId: p.batchId, personKey: p.key, version: p.version, idNumber: fields.idNumber, name: fields.name, level, ...provinceKind(p.pendingKind), result: req.result, comment, reviewer: reviewerName, decidedAt: at, status },
        now,
      );
      // Where fees are on, an unpaid batch's approved people wait (待交费): 已交费 makes their accounts.
      if (status === 'approved' && (!fees.enabled || (await batchPaid(t, p.batchId)))) {
        const account = await openStudyAccount(t, { personId: p.id, unitId: p.unitId, batchId: p.batchId, key: p.key, fields }, now);
        studyAccount = { username: account.username };
      }
      await recordAudit(t, {
        at: now, actorUserId: r.user.id, actor: r.user.username, action: req.result === 'approved' ? 'person.approve' : 'person.reject', entity: 'person', entityId: p.id,
        detail: { version: p.version, level, status, ...(comment ? { comment } : {}), ...(studyAccount ? { studyAccount: studyAccount.username } : status === 'approved' ? { awaitingPayment: true } : {}) }, ip: r.ip,
      });
      decided.push({ personId: p.id, version: p.version, status, studyAccount });
    }
    return { decided };
  });
}
