import { z } from 'zod';
import { jurisdictionKindSchema, reviewBatchSummarySchema, reviewLevelSchema, serverPersonStatusSchema, type ReviewLevel, type ServerPersonStatus } from '../../src-shared/contract/sync-api.js';
import { issueSchema } from '../../src-shared/domain/issue.js';
import { personFieldsSchema, type PersonFields } from '../../src-shared/domain/person.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { all, get, run, type Sql } from '../db/sql.js';

/**
 * The persons, decisions and batches tables as the review uses them: the reviewer's scope as SQL, the
 * queue, one person's standing, and the writes of a decision. What one person's page shows is in
 * review-person-store.ts.
 */

/**
 * SQL condition on a units alias `u`: the unit is in the jurisdiction `?` (bound twice). One IN over the
 * bureau and its counties rather than `u.jurisdiction_id = ? OR … IN (…)`: PostgreSQL plans the OR as a
 * filter on every unit, expects half of them to pass, and reads the whole persons table (a city's batch
 * summary over 1,000,000 people: 845 ms that way, 19 ms this way, where it starts from the units in scope).
 */
export const IN_SCOPE = 'u.jurisdiction_id IN (SELECT id FROM jurisdictions WHERE id = ? OR parent_id = ?)';

/** SQL condition on a units alias `u`, with its arguments. */
export interface UnitScope {
  sql: string;
  args: number[];
}

/** The units under a bureau (directly, or through a county bureau under a city one); null: every unit. */
export function unitsUnder(jurisdictionId: number | null): UnitScope {
  return jurisdictionId === null ? { sql: '1 = 1', args: [] } : { sql: IN_SCOPE, args: [jurisdictionId, jurisdictionId] };
}

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
  // Only what a queue row shows: a page is 500 rows, and the whole field set and every issue's text
  // would be checked for each of them only to be dropped.
  fields: jsonColumn(personFieldsSchema.pick({ gender: true, agency: true })),
  status: serverPersonStatusSchema,
  submittedAt: z.string(),
  arrivedAt: z.string(),
  issues: jsonColumn(z.array(issueSchema.pick({ severity: true }))),
});
export type PendingRow = z.infer<typeof pendingRow>;

export interface PendingQuery {
  jurisdictionId: number;
  level: ReviewLevel;
  batchId?: string | undefined;
  unitId?: number | undefined;
  /** first: version 1 only; again: version 2 and later. */
  round?: 'all' | 'first' | 'again' | undefined;
  /** Part of a name, or the start of an ID number. */
  q?: string | undefined;
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern (ESCAPE '\'). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The WHERE of the queue (persons `p` alone: every column it reads is in `persons_queue` or the row), with its arguments. */
function pendingWhere(q: PendingQuery): { sql: string; args: Array<string | number> } {
  const where = ['p.pending_jurisdiction_id = ?', 'p.pending_level = ?'];
  const args: Array<string | number> = [q.jurisdictionId, q.level];
  if (q.batchId) {
    where.push('p.batch_id = ?');
    args.push(q.batchId.toLowerCase());
  }
  if (q.unitId) {
    where.push('p.unit_id = ?');
    args.push(q.unitId);
  }
  if (q.round === 'first') where.push('p.version = 1');
  if (q.round === 'again') where.push('p.version > 1');
  if (q.q) {
    // ID numbers are stored with a capital X; LIKE is case-sensitive on PostgreSQL.
    where.push("(p.name LIKE ? ESCAPE '\\' OR p.id_number LIKE ? ESCAPE '\\')");
    args.push(`%${likeLiteral(q.q)}%`, `${likeLiteral(q.q.toUpperCase())}%`);
  }
  return { sql: where.join(' AND '), args };
}

/** Where a page ends: the last row's arrival and id (the queue's order), as `after` carries it. */
export interface PendingCursor {
  arrivedAt: string;
  personId: number;
}

export function cursorText(c: PendingCursor): string {
  return `${c.arrivedAt}|${c.personId}`;
}

export function parseCursor(text: string): PendingCursor {
  const bar = text.lastIndexOf('|');
  return { arrivedAt: text.slice(0, bar), personId: Number(text.slice(bar + 1)) };
}

/**
 * A page of the people waiting at a bureau and level (with the filter), the longest waiting first, then
 * by id; after `after` when given; at most `limit`. Read in order from `persons_queue`, so a page costs
 * its own rows, not the whole queue's.
 */
export async function pendingPersons(db: Sql, q: PendingQuery, page: { limit: number; after?: PendingCursor | undefined }): Promise<PendingRow[]> {
  const w = pendingWhere(q);
  const after = page.after ? { sql: ' AND (p.arrived_at, p.id) > (?, ?)', args: [page.after.arrivedAt, page.after.personId] } : { sql: '', args: [] };
  // The page's ids first, from persons_queue alone (every column the filter and the order read is in
  // it: an index-only scan on PostgreSQL, a covering one on SQLite), then only those rows joined; the
  // filter is not checked against a whole row for each of the thousands a name search passes over.
  return all(
    db,
    pendingRow,
    `SELECT p.id AS "personId", p.version, p.batch_id AS "batchId", b.number AS "batchNumber", b.name AS "batchName", u.id AS "unitId", u.name AS "unitName",
            p.name, p.id_number AS "idNumber", v.fields_json AS fields, p.status, v.submitted_at AS "submittedAt", p.arrived_at AS "arrivedAt",
            v.issues_json AS issues
     FROM (SELECT p.id FROM persons p WHERE ${w.sql}${after.sql} ORDER BY p.arrived_at, p.id LIMIT ?) page
     JOIN persons p ON p.id = page.id
     JOIN batches b ON b.id = p.batch_id
     JOIN units u ON u.id = p.unit_id
     JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
     ORDER BY p.arrived_at, p.id`,
    [...w.args, ...after.args, page.limit],
  );
}

const pendingCountsRow = z.object({ isFirst: z.number(), total: z.number(), arrived: z.number() });

/** How many wait (same filter as pendingPersons), and how many of them arrived after `since` as first or later submissions. */
export async function pendingCounts(db: Sql, q: PendingQuery, since: string | null): Promise<{ total: number; fresh: number; resubmitted: number }> {
  const w = pendingWhere(q);
  // With no previous visit nothing counts as new. (No sentinel time such as '~' for "never": whether it
  // sorts after every ISO time depends on the database's collation.)
  const rows = await all(
    db,
    pendingCountsRow,
    `SELECT "isFirst", COUNT(*) AS total, ${since === null ? '0' : 'COUNT(CASE WHEN "arrivedAt" > ? THEN 1 END)'} AS arrived
     FROM (SELECT CASE WHEN p.version = 1 THEN 1 ELSE 0 END AS "isFirst", p.arrived_at AS "arrivedAt" FROM persons p WHERE ${w.sql}) waiting
     GROUP BY "isFirst"`,
    [...(since === null ? [] : [since]), ...w.args],
  );
  const counts = { total: 0, fresh: 0, resubmitted: 0 };
  for (const r of rows) {
    counts.total += r.total;
    if (r.isFirst === 1) counts.fresh += r.arrived;
    else counts.resubmitted += r.arrived;
  }
  return counts;
}

/** A unit's bureau and the one above it (unitBureaus, and each batch of the queue). */
const unitBureausRow = z.object({
  id: z.number(),
  name: z.string(),
  level: reviewLevelSchema,
  kind: jurisdictionKindSchema,
  parentId: z.number().nullable(),
  parentName: z.string().nullable(),
});
export type UnitBureaus = z.infer<typeof unitBureausRow>;

const pendingBatchRow = z.object({
  batchId: z.string(),
  number: z.string(),
  name: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  pending: z.number(),
  /** The unit's bureaus (as unitBureaus gives them), for where an approval leads. */
  bureaus: unitBureausRow,
});

/**
 * Every batch with people waiting at a bureau and level (no other filter), with their count and its
 * unit's bureaus, by unit and number. Counted from the index first, then joined: a few hundred batches,
 * not 18,700 joined rows, and no second query per unit for where an approval leads.
 */
export async function pendingBatches(db: Sql, q: { jurisdictionId: number; level: ReviewLevel }): Promise<Array<z.infer<typeof pendingBatchRow>>> {
  const rows = await all(
    db,
    pendingBatchRow.omit({ bureaus: true }).extend({
      jId: z.number(), jName: z.string(), jLevel: reviewLevelSchema, jKind: jurisdictionKindSchema, parentId: z.number().nullable(), parentName: z.string().nullable(),
    }),
    `SELECT b.id AS "batchId", b.number, b.name, u.id AS "unitId", u.name AS "unitName", w.pending,
            j.id AS "jId", j.name AS "jName", j.level AS "jLevel", j.kind AS "jKind", pj.id AS "parentId", pj.name AS "parentName"
       FROM (SELECT p.batch_id, COUNT(*) AS pending FROM persons p WHERE p.pending_jurisdiction_id = ? AND p.pending_level = ? GROUP BY p.batch_id) w
       JOIN batches b ON b.id = w.batch_id
       JOIN units u ON u.id = b.unit_id
       JOIN jurisdictions j ON j.id = u.jurisdiction_id
       LEFT JOIN jurisdictions pj ON pj.id = j.parent_id
       ORDER BY u.name, b.number, b.id`,
    [q.jurisdictionId, q.level],
  );
  return rows.map(({ jId, jName, jLevel, jKind, parentId, parentName, ...b }) => ({ ...b, bureaus: { id: jId, name: jName, level: jLevel, kind: jKind, parentId, parentName } }));
}

/** A batch in the queue summary with its people counted; `pending` is all that waits, here or elsewhere. */
const reviewBatchRow = reviewBatchSummarySchema.omit({ pendingElsewhere: true }).extend({ pending: z.number() });
export type ReviewBatchRow = z.infer<typeof reviewBatchRow>;

/**
 * Every batch of the units in `scope` with its people counted by standing, newest first (by the last
 * time the unit sent it, then by its first arrival). `pendingHere` counts those waiting at `here`.
 */
export async function reviewBatchRows(db: Sql, here: { jurisdictionId: number; level: string }, scope: UnitScope): Promise<ReviewBatchRow[]> {
  return all(
    db,
    reviewBatchRow,
    `SELECT b.id AS "batchId", b.number, b.name, b.kind, u.id AS "unitId", u.name AS "unitName", j.name AS "jurisdictionName",
                b.received_at AS "submittedAt", b.updated_at AS "updatedAt",
                COUNT(*) AS total,
                COUNT(CASE WHEN p.pending_jurisdiction_id = ? AND p.pending_level = ? THEN 1 END) AS "pendingHere",
                COUNT(CASE WHEN p.status IN ('submitted', 'county_approved') THEN 1 END) AS pending,
                COUNT(CASE WHEN p.status = 'approved' THEN 1 END) AS approved,
                COUNT(CASE WHEN p.status = 'rejected' THEN 1 END) AS rejected
         FROM batches b
         JOIN units u ON u.id = b.unit_id
         JOIN jurisdictions j ON j.id = u.jurisdiction_id
         JOIN persons p ON p.batch_id = b.id
         WHERE ${scope.sql}
         GROUP BY b.id, u.id, j.id
         ORDER BY b.updated_at DESC, b.received_at DESC, b.id`,
    [here.jurisdictionId, here.level, ...scope.args],
  );
}

const reviewedPersonRow = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  status: serverPersonStatusSchema,
  pendingJurisdictionId: z.number().nullable(),
  pendingLevel: reviewLevelSchema.nullable(),
  pendingJurisdiction: z.string().nullable(),
  pendingKind: jurisdictionKindSchema.nullable(),
  batchId: z.string(),
  unitId: z.number(),
});
export type ReviewedPerson = z.infer<typeof reviewedPersonRow>;

/** A person of a unit in `scope`, with where it waits (if it does); undefined when out of scope. */
export async function personUnder(db: Sql, personId: number, scope: UnitScope): Promise<ReviewedPerson | undefined> {
  return get(
    db,
    reviewedPersonRow,
    `SELECT p.id, p.person_key AS key, p.version, p.status, p.pending_jurisdiction_id AS "pendingJurisdictionId", p.pending_level AS "pendingLevel",
              j.name AS "pendingJurisdiction", j.kind AS "pendingKind", p.batch_id AS "batchId", p.unit_id AS "unitId"
       FROM persons p JOIN units u ON u.id = p.unit_id LEFT JOIN jurisdictions j ON j.id = p.pending_jurisdiction_id
       WHERE p.id = ? AND ${scope.sql}`,
    [personId, ...scope.args],
  );
}

const versionFieldsRow = z.object({ fields: jsonColumn(personFieldsSchema) });

/** The row one version of a person sent. */
export async function versionFields(db: Sql, personId: number, version: number): Promise<PersonFields | undefined> {
  return (await get(db, versionFieldsRow, 'SELECT fields_json AS fields FROM person_versions WHERE person_id = ? AND version = ?', [personId, version]))?.fields;
}

/** Records a reviewer's decision on one version of a person, at the level and bureau it waited at. */
export async function insertDecision(
  db: Sql,
  d: { personId: number; version: number; level: ReviewLevel; jurisdictionId: number | null; result: 'approved' | 'rejected'; comment: string; reviewerUserId: number; reviewerName: string; at: string },
): Promise<void> {
  await run(
    db,
    `INSERT INTO decisions (person_id, version, level, jurisdiction_id, result, comment, reviewer_user_id, reviewer_name, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [d.personId, d.version, d.level, d.jurisdictionId, d.result, d.comment, d.reviewerUserId, d.reviewerName, d.at],
  );
}

/** A person's new standing, and where it waits next (nulls: nowhere), from `at` on (its arrival there). */
export async function setStanding(db: Sql, personId: number, s: { status: ServerPersonStatus; jurisdictionId: number | null; level: ReviewLevel | null }, at: string): Promise<void> {
  await run(db, 'UPDATE persons SET status = ?, pending_jurisdiction_id = ?, pending_level = ?, updated_at = ?, arrived_at = ? WHERE id = ?', [
    s.status, s.jurisdictionId, s.level, at, at, personId,
  ]);
}


/**
 * The jurisdiction a unit is under, and the one above it (the city above a county bureau, the province
 * above a department; nulls for a city or the province); undefined for no unit.
 */
export async function unitBureaus(db: Sql, unitId: number): Promise<UnitBureaus | undefined> {
  return get(
    db,
    unitBureausRow,
    `SELECT j.id, j.name, j.level, j.kind, p.id AS "parentId", p.name AS "parentName"
       FROM units u JOIN jurisdictions j ON j.id = u.jurisdiction_id LEFT JOIN jurisdictions p ON p.id = j.parent_id
       WHERE u.id = ?`,
    [unitId],
  );
}
