import type { PersonPage, PersonQuery } from '../../src-shared/contract/desktop-api.js';
import type { Db } from './open-store.js';

/**
 * One page of people for the lists (人员导入, 人员提交, 人员管理 …): filtered in SQL and counted,
 * never all 50,000 rows to the window. Text matches the start of the ID number (an index range) or
 * any part of the name.
 */
export function queryPersons(db: Db, q: Required<Pick<PersonQuery, 'offset' | 'limit'>> & PersonQuery): PersonPage {
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
  if (q.onlyErrors) where.push('error_count > 0');
  const text = q.text?.trim();
  if (text) {
    // The ID prefix as a range, so the id_number index serves it; the name by substring.
    where.push("((id_number >= ? AND id_number < ?) OR instr(name, ?) > 0)");
    args.push(text.toUpperCase(), `${text.toUpperCase()}\uffff`, text);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM persons ${clause}`).pluck().get(...args) as number;
  const rows = db
    .prepare(
      `SELECT id, batch_id AS batchId, row_number AS rowNumber, name, id_number AS idNumber, gender, agency, error_count AS errorCount,
              warning_count AS warningCount, status, pending_at AS pendingAt, review_comment AS reviewComment
       FROM persons ${clause} ORDER BY batch_id, row_number IS NULL, row_number, id LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset) as PersonPage['rows'];
  return { total, rows };
}
