import { z } from 'zod';
import type { FindingRow } from '../../src-shared/contract/desktop-api.js';
import { fieldLabel } from '../../src-shared/template.js';
import { noPhotoIssue } from '../../src-shared/photo-spec-issues.js';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { issuesColumn } from './json-columns.js';

/**
 * The findings table: a batch's people who have something to look at (their rows' findings, their
 * current photo's, and a missing photo), a page of people at a time, in the file's row order. Counted
 * and paged in SQL so a 50,000-person batch with thousands of problems stays quick: who has a photo
 * and how many errors it has are kept on the person (migration 0006).
 */
const findingsRow = z.object({
  personId: z.number(),
  rowNumber: z.number().nullable(),
  name: z.string(),
  idNumber: z.string(),
  issues: issuesColumn,
  photoIssues: issuesColumn,
  hasPhoto: z.number(),
});

export function queryFindings(db: Db, q: { batchId: string; onlyErrors: boolean; offset: number; limit: number }): { total: number; rows: FindingRow[] } {
  const photoIssues = `(SELECT ph.issues_json FROM photos ph WHERE ph.person_id = p.id AND ph.current = 1)`;
  // photo_error_count is 1 for a person without a photo: the missing photo is listed with the rest.
  const has = q.onlyErrors
    ? '(p.error_count + p.photo_error_count > 0)'
    : `(p.issues_json <> '[]' OR p.photo_error_count > 0 OR coalesce(${photoIssues}, '[]') <> '[]')`;
  const where = `WHERE p.batch_id = ? AND ${has}`;
  const total = checkedRow(z.number(), db.prepare(`SELECT COUNT(*) FROM persons p ${where}`).pluck().get(q.batchId)) ?? 0;
  const rows = checkedRows(
    findingsRow,
    db.prepare(
      `SELECT p.id AS personId, p.row_number AS rowNumber, p.name, p.id_number AS idNumber, p.issues_json AS issues,
              coalesce(${photoIssues}, '[]') AS photoIssues, p.has_photo AS hasPhoto
       FROM persons p ${where} ORDER BY p.row_number IS NULL, p.row_number, p.id LIMIT ? OFFSET ?`,
    ).all(q.batchId, q.limit, q.offset),
  );
  return {
    total,
    rows: rows.map((r) => ({
      personId: r.personId,
      rowNumber: r.rowNumber,
      name: r.name,
      idNumber: r.idNumber,
      issues: [...r.issues, ...(r.hasPhoto ? r.photoIssues : [noPhotoIssue()])]
        .filter((i) => !q.onlyErrors || i.severity === 'error')
        .map((i) => ({ field: i.field, fieldLabel: i.field === 'photo' ? '照片' : fieldLabel(i.field), severity: i.severity, code: i.code, message: i.message })),
    })),
  };
}
