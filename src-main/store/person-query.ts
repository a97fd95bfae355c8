import { z } from 'zod';
import { personRowSchema, type PersonPage, type PersonQuery } from '../../src-shared/contract/desktop-api.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';

/**
 * One page of people for the lists (人员导入, 人员提交, 人员管理 …): filtered in SQL and counted,
 * never all 50,000 rows to the window. Text matches the start of the ID number or any part of the
 * name.
 *
 * Answered from indexes, never by reading or sorting the whole batch: the persons_list index
 * (migration 0003) is in the lists' order and holds every column they filter on, so a page walks it
 * and reads the table only for the rows it returns (OFFSET skips index entries, not rows), and the
 * filters and the count are evaluated on index entries alone. The count is skipped when the page
 * itself shows where the list ends. bench/list measures it at 50,000 people; the plans are pinned
 * by test/integration/person-query.test.ts.
 */
export type PersonListQuery = Required<Pick<PersonQuery, 'offset' | 'limit'>> & PersonQuery;

export interface PersonQuerySql {
  count: string;
  rows: string;
  /** The filter's arguments, for both; `rows` takes limit and offset after them. */
  args: Array<string | number>;
}

/** Imported rows by their Excel row, then people added by hand (no row) in the order they came. */
const ORDER = 'ORDER BY batch_id, row_number IS NULL, row_number, id';

export function personQuerySql(q: PersonQuery): PersonQuerySql {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (q.batchId) {
    where.push('batch_id = ?');
    args.push(q.batchId);
  }
  if (q.status) {
    where.push('status = ?');
    args.push(q.status);
  }
  // A photo's findings are the person's findings (migration 0006): the row's errors plus the photo's.
  if (q.onlyErrors) where.push('error_count + photo_error_count > 0');
  const text = q.text?.trim();
  if (text) {
    // The ID prefix as a range (no LIKE: its escaping and case rules do not apply), the name by substring.
    where.push('((id_number >= ? AND id_number < ?) OR instr(name, ?) > 0)');
    args.push(text.toUpperCase(), `${text.toUpperCase()}\uffff`, text);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    count: `SELECT COUNT(*) FROM persons ${clause}`,
    rows: `SELECT id, batch_id AS batchId, row_number AS rowNumber, name, id_number AS idNumber, gender, agency, error_count + photo_error_count AS errorCount,
              warning_count AS warningCount, status, pending_at AS pendingAt, review_comment AS reviewComment,
              photo_error_count AS photoErrors, has_photo AS hasPhoto,
              (status = 'draft' OR (status = 'rejected' AND resubmit = 1))
                AND EXISTS (SELECT 1 FROM outbox o WHERE o.batch_id = persons.batch_id AND o.state IN ('queued', 'running', 'paused') AND o.batch_sent_at != '') AS unconfirmed
       FROM persons ${clause} ${ORDER} LIMIT ? OFFSET ?`,
    args,
  };
}

/**
 * A row as SQLite answers it: `unconfirmed` (待确认) is 0/1 — sent in a batch whose answer was never
 * stored, as outbox-repo's personStatusCounts counts them; its lookup is one probe of the open-job index.
 */
const listRowSchema = personRowSchema.extend({ unconfirmed: z.number().transform((n) => n !== 0), hasPhoto: z.number().transform((n) => n === 1) });

export function queryPersons(db: Db, q: PersonListQuery): PersonPage {
  const sql = personQuerySql(q);
  // One read transaction: the count and the page agree even if a write lands in between.
  return db.transaction((): PersonPage => {
    const rows = checkedRows(listRowSchema, db.prepare(sql.rows).all(...sql.args, q.limit, q.offset));
    // A page that is not full is the last one, and then it tells the total: a search that finds a
    // few people walks the index once, not twice.
    const lastPage = rows.length < q.limit && (rows.length > 0 || q.offset === 0);
    const total = lastPage ? q.offset + rows.length : (checkedRow(z.number(), db.prepare(sql.count).pluck().get(...sql.args)) ?? 0);
    return { total, rows };
  })();
}
