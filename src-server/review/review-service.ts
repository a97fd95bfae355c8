import { z } from 'zod';
import {
  REVIEW_LEVEL_NAME,
  reviewLevelSchema,
  serverPersonStatusSchema,
  type DecisionRequest,
  type DecisionResponse,
  type ReviewListItem,
  type ReviewPendingResponse,
  type ReviewPersonResponse,
  type ServerPersonStatus,
} from '../../src-shared/contract/sync-api.js';
import type { Issue } from '../../src-shared/domain/issue.js';
import { fileNameForMime } from '../../src-shared/file-names.js';
import { cleanMultilineText } from '../../src-shared/rules/text.js';
import { batchKindSchema, FIELD_KEYS, type PersonFields } from '../../src-shared/domain/person.js';
import { evidenceKindSchema } from '../../src-shared/domain/evidence.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { UserRecord } from '../accounts/accounts.js';
import type { Db } from '../db/open-db.js';
import { recordAudit } from '../db/audit.js';
import { ApiError } from '../errors.js';
import { appendChange } from '../feed/changes.js';
import { nextStage, reviewStagesFor } from './review-stages.js';
import { createStudyAccount } from './study-accounts.js';

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

/** SQL condition on a units alias `u`: the unit is in the jurisdiction `?` (bound twice). */
export const IN_SCOPE = '(u.jurisdiction_id = ? OR u.jurisdiction_id IN (SELECT id FROM jurisdictions WHERE parent_id = ?))';

/** The reviewer's bureau, bound twice into IN_SCOPE; 403 for an account without one. */
export function scope(r: Reviewer): [number, number] {
  const j = r.user.jurisdictionId;
  if (j === null || r.user.reviewLevel === null) throw new ApiError(403, 'auth.forbidden', '你的审核账号没有设置所属司法局，请联系管理员。');
  return [j, j];
}

function notFound(personId: number): never {
  throw new ApiError(404, 'not_found', `人员 #${personId} 不存在，或不在你的审核范围内。请刷新待审核列表。`);
}

export function listPending(db: Db, r: Reviewer, filter: { batchId?: string | undefined; unitId?: number | undefined }): ReviewPendingResponse {
  const [j] = scope(r);
  const where = ['p.pending_jurisdiction_id = ?', 'p.pending_level = ?'];
  const args: Array<string | number> = [j, r.user.reviewLevel!];
  if (filter.batchId) {
    where.push('p.batch_id = ?');
    args.push(filter.batchId.toLowerCase());
  }
  if (filter.unitId) {
    where.push('p.unit_id = ?');
    args.push(filter.unitId);
  }
  const rows = checkedRows(
    pendingRow,
    db.prepare(
      `SELECT p.id AS personId, p.version, p.batch_id AS batchId, b.number AS batchNumber, b.name AS batchName, u.id AS unitId, u.name AS unitName,
              p.name, p.id_number AS idNumber, v.fields_json AS fieldsJson, p.status, v.submitted_at AS submittedAt, v.issues_json AS issuesJson
       FROM persons p
       JOIN batches b ON b.id = p.batch_id
       JOIN units u ON u.id = p.unit_id
       JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
       WHERE ${where.join(' AND ')}
       ORDER BY v.submitted_at, p.batch_id, p.id`,
    ).all(...args),
  );

  const batches = new Map<string, ReviewPendingResponse['batches'][number]>();
  const persons = rows.map((row): ReviewListItem => {
    const fields = JSON.parse(row.fieldsJson) as PersonFields;
    const issues = JSON.parse(row.issuesJson) as Issue[];
    const b = batches.get(row.batchId) ?? { batchId: row.batchId, number: row.batchNumber, name: row.batchName, unitId: row.unitId, unitName: row.unitName, pending: 0 };
    b.pending++;
    batches.set(row.batchId, b);
    return {
      personId: row.personId, version: row.version, batchId: row.batchId, batchNumber: row.batchNumber, unitId: row.unitId, unitName: row.unitName,
      name: row.name, idNumber: row.idNumber, gender: fields.gender, agency: fields.agency, status: row.status, submittedAt: row.submittedAt,
      warningCount: issues.filter((i) => i.severity === 'warning').length,
    };
  });
  return { level: r.user.reviewLevel!, batches: [...batches.values()], persons };
}

const personRow = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  status: serverPersonStatusSchema,
  pendingJurisdictionId: z.number().nullable(),
  pendingLevel: reviewLevelSchema.nullable(),
  pendingJurisdiction: z.string().nullable(),
  batchId: z.string(),
  unitId: z.number(),
});
type PersonRow = z.infer<typeof personRow>;

const pendingRow = z.object({
  personId: z.number(),
  version: z.number(),
  batchId: z.string(),
  batchNumber: z.string(),
  batchName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  name: z.string(),
  idNumber: z.string(),
  fieldsJson: z.string(),
  status: serverPersonStatusSchema,
  submittedAt: z.string(),
  issuesJson: z.string(),
});
const batchRow = z.object({ batchId: z.string(), number: z.string(), name: z.string(), kind: batchKindSchema, unitId: z.number(), unitName: z.string() });
const currentVersionRow = z.object({ fieldsJson: z.string(), issuesJson: z.string(), sha256: z.string(), mime: z.string(), size: z.number() });
const evidenceRow = z.object({ sha256: z.string(), kind: evidenceKindSchema, fileName: z.string(), mime: z.string(), size: z.number() });
const decisionRow = z.object({ version: z.number(), level: reviewLevelSchema, result: z.enum(['approved', 'rejected']), comment: z.string(), reviewer: z.string(), decidedAt: z.string() });
const versionRow = z.object({ version: z.number(), submittedAt: z.string(), submittedBy: z.string(), fieldsJson: z.string(), photoSha256: z.string() });
const blobRow = z.object({ mime: z.string(), size: z.number(), evidenceName: z.string().nullable(), photoName: z.string().nullable() });

function personInScope(db: Db, r: Reviewer, personId: number): PersonRow {
  const row = checkedRow(
    personRow,
    db.prepare(
      `SELECT p.id, p.person_key AS key, p.version, p.status, p.pending_jurisdiction_id AS pendingJurisdictionId, p.pending_level AS pendingLevel,
              j.name AS pendingJurisdiction, p.batch_id AS batchId, p.unit_id AS unitId
       FROM persons p JOIN units u ON u.id = p.unit_id LEFT JOIN jurisdictions j ON j.id = p.pending_jurisdiction_id
       WHERE p.id = ? AND ${IN_SCOPE}`,
    ).get(personId, ...scope(r)),
  );
  return row ?? notFound(personId);
}

function decidable(r: Reviewer, p: PersonRow): boolean {
  return p.pendingJurisdictionId === r.user.jurisdictionId && p.pendingLevel === r.user.reviewLevel;
}

export function getPerson(db: Db, r: Reviewer, personId: number): ReviewPersonResponse {
  const p = personInScope(db, r, personId);
  const b = checkedRow(
    batchRow,
    db.prepare('SELECT b.id AS batchId, b.number, b.name, b.kind, u.id AS unitId, u.name AS unitName FROM batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ?').get(p.batchId),
  )!;
  const v = checkedRow(
    currentVersionRow,
    db
      .prepare(
        `SELECT v.fields_json AS fieldsJson, v.issues_json AS issuesJson, v.photo_sha256 AS sha256, bl.mime, bl.size
         FROM person_versions v JOIN blobs bl ON bl.sha256 = v.photo_sha256 WHERE v.person_id = ? AND v.version = ?`,
      )
      .get(p.id, p.version),
  )!;
  const evidenceRows = db
    .prepare(
      `SELECT e.sha256, e.kind, e.file_name AS fileName, bl.mime, bl.size FROM batch_evidence e JOIN blobs bl ON bl.sha256 = e.sha256
       WHERE e.batch_id = ? ORDER BY e.added_at, e.sha256`,
    )
    .all(p.batchId);
  const evidence = checkedRows(evidenceRow, evidenceRows).map((f) => ({ ...f, fileName: fileNameForMime(f.fileName, f.mime) }));
  const decisions = checkedRows(
    decisionRow,
    db.prepare('SELECT version, level, result, comment, reviewer_name AS reviewer, decided_at AS decidedAt FROM decisions WHERE person_id = ? ORDER BY id').all(p.id),
  );
  // Each version with what it changed against the one before (the photo also by its bytes).
  let before: ReviewPersonResponse['versions'][number] | undefined;
  const versions = checkedRows(
    versionRow,
    db
      .prepare(
        `SELECT v.version, v.submitted_at AS submittedAt, us.username AS submittedBy, v.fields_json AS fieldsJson, v.photo_sha256 AS photoSha256
         FROM person_versions v JOIN users us ON us.id = v.submitted_by WHERE v.person_id = ? ORDER BY v.version`,
      )
      .all(p.id),
  ).map(({ fieldsJson, ...row }) => {
    const fields = JSON.parse(fieldsJson) as PersonFields;
    const prev = before;
    const changed = prev ? FIELD_KEYS.filter((k) => (fields[k] ?? '') !== (prev.fields[k] ?? '') || (k === 'photo' && row.photoSha256 !== prev.photoSha256)) : [];
    before = { ...row, fields, changed };
    return before;
  });
  return {
    personId: p.id, key: p.key, version: p.version, status: p.status,
    pendingAt: p.pendingLevel && p.pendingJurisdiction ? { level: p.pendingLevel, jurisdiction: p.pendingJurisdiction } : null,
    decidable: decidable(r, p), batch: b,
    fields: JSON.parse(v.fieldsJson) as PersonFields, issues: JSON.parse(v.issuesJson) as Issue[],
    photo: { sha256: v.sha256, mime: v.mime, size: v.size }, evidence, decisions, versions,
  };
}

/** Whether the file is a photo or evidence of some person in the reviewer's scope, and its type. */
/**
 * A photo or evidence file of a person in the reviewer's scope, with the name it was sent under (the
 * first in scope; the same bytes may have been sent under several), or undefined.
 */
export function reviewerBlob(db: Db, r: Reviewer, sha256: string): { mime: string; size: number; fileName: string } | undefined {
  const s = scope(r);
  const row = checkedRow(
    blobRow,
    db.prepare(
      `SELECT bl.mime, bl.size,
         (SELECT e.file_name FROM batch_evidence e JOIN batches b ON b.id = e.batch_id JOIN units u ON u.id = b.unit_id
          WHERE e.sha256 = bl.sha256 AND ${IN_SCOPE} ORDER BY e.added_at LIMIT 1) AS evidenceName,
         (SELECT v.photo_file_name FROM person_versions v JOIN persons p ON p.id = v.person_id JOIN units u ON u.id = p.unit_id
          WHERE v.photo_sha256 = bl.sha256 AND ${IN_SCOPE} ORDER BY v.submitted_at LIMIT 1) AS photoName
       FROM blobs bl WHERE bl.sha256 = ?`,
    ).get(...s, ...s, sha256),
  );
  const name = row?.evidenceName ?? row?.photoName;
  if (!row || name === null || name === undefined) return undefined;
  // Names kept before they were stored with their real extension get it here.
  return { mime: row.mime, size: row.size, fileName: fileNameForMime(name, row.mime, sha256.slice(0, 12)) };
}

export function decide(db: Db, r: Reviewer, req: { items: DecisionRequest['items']; result: 'approved' | 'rejected'; comment: string }, now: Date, reviewStages: 1 | 2): DecisionResponse {
  // Shown to the unit as written, but without invisible characters (bidi overrides, zero-width spaces).
  const comment = cleanMultilineText(req.comment);
  if (req.result === 'rejected' && comment === '') {
    throw new ApiError(400, 'review.comment_required', '驳回时必须填写审核意见，写明哪里不对、怎么改，执法单位会在“人员退回”里看到。');
  }
  const ids = req.items.map((i) => i.personId);
  if (new Set(ids).size !== ids.length) throw new ApiError(400, 'request.invalid', '同一个人员在一次审核里出现了两次，请刷新列表后重试。');
  const at = now.toISOString();
  const reviewerName = `${r.user.displayName || r.user.username}（${r.user.jurisdictionName ?? ''}）`;

  return db
    .transaction((): DecisionResponse => {
      const decided: DecisionResponse['decided'] = [];
      for (const item of req.items) {
        const p = personInScope(db, r, item.personId);
        if (!decidable(r, p) || p.version !== item.version) {
          const why =
            p.version !== item.version
              ? `已重新提交了新版本（第 ${p.version} 版），请先查看新版本`
              : p.status === 'approved'
                ? '已经审核通过'
                : p.status === 'rejected'
                  ? '已被驳回，正等待执法单位修改'
                  : `正等待${p.pendingLevel ? REVIEW_LEVEL_NAME[p.pendingLevel] : ''}${p.pendingJurisdiction ?? ''}审核`;
          throw new ApiError(409, 'review.not_pending', `人员 #${p.id} ${why}，这次审核没有保存（所选人员都未改变）。请刷新列表后重试。`);
        }
        const v = db.prepare('SELECT fields_json AS fieldsJson FROM person_versions WHERE person_id = ? AND version = ?').get(p.id, p.version) as { fieldsJson: string };
        const fields = JSON.parse(v.fieldsJson) as PersonFields;
        const level = p.pendingLevel!;
        let status: ServerPersonStatus;
        let studyAccount: DecisionResponse['decided'][number]['studyAccount'] = null;
        let next: ReturnType<typeof nextStage>;
        if (req.result === 'rejected') status = 'rejected';
        else {
          next = nextStage(reviewStagesFor(db, p.unitId, reviewStages), { level, jurisdictionId: p.pendingJurisdictionId! });
          status = next ? 'county_approved' : 'approved';
        }
        db.prepare(
          `INSERT INTO decisions (person_id, version, level, jurisdiction_id, result, comment, reviewer_user_id, reviewer_name, decided_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(p.id, p.version, level, p.pendingJurisdictionId, req.result, comment, r.user.id, reviewerName, at);
        db.prepare('UPDATE persons SET status = ?, pending_jurisdiction_id = ?, pending_level = ?, updated_at = ? WHERE id = ?').run(
          status, next?.jurisdictionId ?? null, next?.level ?? null, at, p.id,
        );
        appendChange(
          db, p.unitId,
          { type: 'decision', batchId: p.batchId, personKey: p.key, version: p.version, idNumber: fields.idNumber, name: fields.name, level, result: req.result, comment, reviewer: reviewerName, decidedAt: at, status },
          now,
        );
        if (status === 'approved') {
          const account = createStudyAccount(db, { personId: p.id, unitId: p.unitId, fields, at });
          appendChange(
            db, p.unitId,
            { type: 'study_account', batchId: p.batchId, personKey: p.key, idNumber: fields.idNumber, name: fields.name, username: account.username, initialPassword: account.initialPassword, createdAt: at },
            now,
          );
          studyAccount = { username: account.username };
        }
        recordAudit(db, {
          at: now, actorUserId: r.user.id, actor: r.user.username, action: req.result === 'approved' ? 'person.approve' : 'person.reject', entity: 'person', entityId: p.id,
          detail: { version: p.version, level, status, ...(comment ? { comment } : {}), ...(studyAccount ? { studyAccount: studyAccount.username } : {}) }, ip: r.ip,
        });
        decided.push({ personId: p.id, version: p.version, status, studyAccount });
      }
      return { decided };
    })
    .immediate();
}
