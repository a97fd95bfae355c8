import { z } from 'zod';
import { jurisdictionKindSchema, reviewLevelSchema, serverPersonStatusSchema } from '../../src-shared/contract/sync-api.js';
import { evidenceKindSchema } from '../../src-shared/domain/evidence.js';
import { issueSchema } from '../../src-shared/domain/issue.js';
import { batchKindSchema, personFieldsSchema } from '../../src-shared/domain/person.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { all, get, type Sql } from '../db/sql.js';
import type { UnitScope } from './review-store.js';

/**
 * What a reviewer's page of one person shows, read from the batches, person_versions, decisions and
 * blobs tables: its batch, the version waiting, the batch's evidence, the decisions so far and every
 * version sent. Whether the reviewer may see the person at all is asked first (review-store.ts).
 */

const batchRow = z.object({ batchId: z.string(), number: z.string(), name: z.string(), kind: batchKindSchema, unitId: z.number(), unitName: z.string() });
export type ReviewedBatch = z.infer<typeof batchRow>;

export async function batchWithUnit(db: Sql, batchId: string): Promise<ReviewedBatch | undefined> {
  return get(
    db,
    batchRow,
    'SELECT b.id AS "batchId", b.number, b.name, b.kind, u.id AS "unitId", u.name AS "unitName" FROM batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ?',
    [batchId],
  );
}

const currentVersionRow = z.object({
  fields: jsonColumn(personFieldsSchema),
  issues: jsonColumn(z.array(issueSchema)),
  sha256: z.string(),
  mime: z.string(),
  size: z.number(),
});
export type ReviewedVersion = z.infer<typeof currentVersionRow>;

/** One version of a person: its row, the warnings it was stored with, and its photo. */
export async function versionWithPhoto(db: Sql, personId: number, version: number): Promise<ReviewedVersion | undefined> {
  return get(
    db,
    currentVersionRow,
    `SELECT v.fields_json AS fields, v.issues_json AS issues, v.photo_sha256 AS sha256, bl.mime, bl.size
         FROM person_versions v JOIN blobs bl ON bl.sha256 = v.photo_sha256 WHERE v.person_id = ? AND v.version = ?`,
    [personId, version],
  );
}

const evidenceRow = z.object({ sha256: z.string(), kind: evidenceKindSchema, fileName: z.string(), mime: z.string(), size: z.number() });
export type ReviewedEvidence = z.infer<typeof evidenceRow>;

/** The batch's evidence files, in the order they were added, with the names they were sent under. */
export async function batchEvidence(db: Sql, batchId: string): Promise<ReviewedEvidence[]> {
  return all(
    db,
    evidenceRow,
    `SELECT e.sha256, e.kind, e.file_name AS "fileName", bl.mime, bl.size FROM batch_evidence e JOIN blobs bl ON bl.sha256 = e.sha256
         WHERE e.batch_id = ? ORDER BY e.added_at, e.sha256`,
    [batchId],
  );
}

const decisionRow = z.object({
  version: z.number(),
  level: reviewLevelSchema,
  kind: jurisdictionKindSchema,
  result: z.enum(['approved', 'rejected']),
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
});
export type ReviewDecision = z.infer<typeof decisionRow>;

/** Every decision on the person, in the order they were made. */
export async function decisionsOf(db: Sql, personId: number): Promise<ReviewDecision[]> {
  return all(
    db,
    decisionRow,
    `SELECT d.version, d.level, j.kind, d.result, d.comment, d.reviewer_name AS reviewer, d.decided_at AS "decidedAt"
         FROM decisions d JOIN jurisdictions j ON j.id = d.jurisdiction_id WHERE d.person_id = ? ORDER BY d.id`,
    [personId],
  );
}

const versionRow = z.object({ version: z.number(), submittedAt: z.string(), submittedBy: z.string(), fields: jsonColumn(personFieldsSchema), photoSha256: z.string() });
export type SentVersion = z.infer<typeof versionRow>;

/** Every version of the person, oldest first, with who sent it. */
export async function versionsOf(db: Sql, personId: number): Promise<SentVersion[]> {
  return all(
    db,
    versionRow,
    `SELECT v.version, v.submitted_at AS "submittedAt", us.username AS "submittedBy", v.fields_json AS fields, v.photo_sha256 AS "photoSha256"
         FROM person_versions v JOIN users us ON us.id = v.submitted_by WHERE v.person_id = ? ORDER BY v.version`,
    [personId],
  );
}

const blobRow = z.object({ mime: z.string(), size: z.number(), evidenceName: z.string().nullable(), photoName: z.string().nullable(), slipName: z.string().nullable() });
export type ScopedBlob = z.infer<typeof blobRow>;

/**
 * A stored file with the first name it was sent under as evidence, as a photo, and as a remittance
 * slip (汇款凭证, fees on), by units in `scope` (nulls where it was not); undefined when no such file is stored.
 */
export async function blobInScope(db: Sql, sha256: string, scope: UnitScope): Promise<ScopedBlob | undefined> {
  return get(
    db,
    blobRow,
    `SELECT bl.mime, bl.size,
         (SELECT e.file_name FROM batch_evidence e JOIN batches b ON b.id = e.batch_id JOIN units u ON u.id = b.unit_id
          WHERE e.sha256 = bl.sha256 AND ${scope.sql} ORDER BY e.added_at LIMIT 1) AS "evidenceName",
         (SELECT v.photo_file_name FROM person_versions v JOIN persons p ON p.id = v.person_id JOIN units u ON u.id = p.unit_id
          WHERE v.photo_sha256 = bl.sha256 AND ${scope.sql} ORDER BY v.submitted_at LIMIT 1) AS "photoName",
         (SELECT bp.slip_name FROM batch_payments bp JOIN batches b ON b.id = bp.batch_id JOIN units u ON u.id = b.unit_id
          WHERE bp.slip_sha256 = bl.sha256 AND ${scope.sql} LIMIT 1) AS "slipName"
       FROM blobs bl WHERE bl.sha256 = ?`,
    [...scope.args, ...scope.args, ...scope.args, sha256],
  );
}

const scopedBatchRow = z.object({ batchId: z.string(), number: z.string(), name: z.string(), unitName: z.string() });
export type ScopedBatch = z.infer<typeof scopedBatchRow>;

/** A batch of a unit in `scope`; undefined when there is none (or it is out of scope). */
export async function batchInScope(db: Sql, batchId: string, scope: UnitScope): Promise<ScopedBatch | undefined> {
  return get(
    db,
    scopedBatchRow,
    `SELECT b.id AS "batchId", b.number, b.name, u.name AS "unitName" FROM batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ? AND ${scope.sql}`,
    [batchId, ...scope.args],
  );
}

const batchPersonRow = z.object({
  personId: z.number(),
  version: z.number(),
  name: z.string(),
  idNumber: z.string(),
  status: serverPersonStatusSchema,
  pendingLevel: reviewLevelSchema.nullable(),
  pendingJurisdiction: z.string().nullable(),
  pendingKind: jurisdictionKindSchema.nullable(),
  submittedAt: z.string(),
});
export type BatchPersonRow = z.infer<typeof batchPersonRow>;

/**
 * The batch's people with where each waits (if it does), in the order they were first stored. A batch
 * holds at most BATCH_MAX_PERSONS people (the batch upload refuses more), which bounds this list.
 */
export async function batchPersons(db: Sql, batchId: string): Promise<BatchPersonRow[]> {
  return all(
    db,
    batchPersonRow,
    `SELECT p.id AS "personId", p.version, p.name, p.id_number AS "idNumber", p.status, p.pending_level AS "pendingLevel", j.name AS "pendingJurisdiction", j.kind AS "pendingKind",
                v.submitted_at AS "submittedAt"
         FROM persons p
         JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         LEFT JOIN jurisdictions j ON j.id = p.pending_jurisdiction_id
         WHERE p.batch_id = ? ORDER BY p.id`,
    [batchId],
  );
}
