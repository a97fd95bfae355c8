import { z } from 'zod';
import { jurisdictionKindSchema, reviewLevelSchema } from '../../src-shared/contract/sync-common.js';
import { personFieldsSchema } from '../../src-shared/domain/person.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { all, get, type Sql } from '../db/sql.js';

/**
 * The queries of an export: the batch it may be narrowed to, and the people it lists with the
 * decision that put them in their standing (the latest one). `scope` is the reviewer's unit scope (a
 * condition on `u`, the units table, with its arguments).
 */

export interface UnitScope {
  sql: string;
  args: readonly number[];
}

const exportBatchRow = z.object({ id: z.string(), number: z.string() });

/** The batch with this id, if it is in scope. */
export async function findExportBatch(db: Sql, scope: UnitScope, batchId: string): Promise<z.infer<typeof exportBatchRow> | undefined> {
  return get(db, exportBatchRow, `SELECT b.id, b.number FROM batches b JOIN units u ON u.id = b.unit_id WHERE b.id = ? AND ${scope.sql}`, [batchId, ...scope.args]);
}

const exportPersonRow = z.object({
  personId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  batchId: z.string(),
  batchNumber: z.string(),
  /** When the batch first arrived: the order of a unit's batches. */
  receivedAt: z.string(),
  fields: jsonColumn(personFieldsSchema),
  /** The study account made at final approval ('' when none). */
  studyAccount: z.string(),
  level: reviewLevelSchema,
  /** The kind of the jurisdiction that decided (names a department's or the province's step). */
  kind: jurisdictionKindSchema,
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
});
export type ExportPersonRow = z.infer<typeof exportPersonRow>;

/** Who an export lists: one standing, in scope, optionally one batch and a period of decisions. */
export interface ExportFilter {
  status: 'approved' | 'rejected';
  scope: UnitScope;
  batchId?: string | undefined;
  /** ISO time: decided at or after. */
  decidedFrom?: string | undefined;
  /** ISO time: decided before. */
  decidedBefore?: string | undefined;
}

/** The people the filter selects, each with the decision that put them in their standing; unordered, the caller sorts. */
export async function selectExportPersons(db: Sql, filter: ExportFilter): Promise<ExportPersonRow[]> {
  const where = ['p.status = ?', 'd.result = ?', filter.scope.sql];
  const args: Array<string | number> = [filter.status, filter.status, ...filter.scope.args];
  if (filter.batchId !== undefined) {
    where.push('p.batch_id = ?');
    args.push(filter.batchId);
  }
  if (filter.decidedFrom !== undefined) {
    where.push('d.decided_at >= ?');
    args.push(filter.decidedFrom);
  }
  if (filter.decidedBefore !== undefined) {
    where.push('d.decided_at < ?');
    args.push(filter.decidedBefore);
  }
  return all(
    db,
    exportPersonRow,
    `SELECT p.id AS "personId", u.id AS "unitId", u.name AS "unitName", b.id AS "batchId", b.number AS "batchNumber", b.received_at AS "receivedAt",
                v.fields_json AS fields, COALESCE(sa.username, '') AS "studyAccount",
                d.level, dj.kind, d.comment, d.reviewer_name AS reviewer, d.decided_at AS "decidedAt"
         FROM persons p
         JOIN batches b ON b.id = p.batch_id
         JOIN units u ON u.id = p.unit_id
         JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE person_id = p.id)
         JOIN jurisdictions dj ON dj.id = d.jurisdiction_id
         LEFT JOIN study_accounts sa ON sa.person_id = p.id
         WHERE ${where.join(' AND ')}`,
    args,
  );
}
