import { z } from 'zod';
import type { Issue } from '../../src-shared/domain/issue.js';
import { checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso } from './clock.js';
import { issuesColumn } from './json-columns.js';
import { noPhotoIssue } from '../../src-shared/photo-spec-issues.js';

/**
 * The photos table: every photo a person has had, one of them current. The bytes are in the blob
 * store; a row names them by SHA-256 with the file name the clerk chose and the findings against the
 * photo spec it was last checked by.
 */
const issuesJson = issuesColumn;

const storedPhotoRow = z.object({
  id: z.number(),
  personId: z.number(),
  sha256: z.string(),
  fileName: z.string(),
  current: z.number().transform((n) => n === 1),
  issues: issuesJson,
  createdAt: z.string(),
});
export type StoredPhoto = z.output<typeof storedPhotoRow>;

/** Newest first. */
export function photoHistory(db: Db, personId: number): StoredPhoto[] {
  return checkedRows(
    storedPhotoRow,
    db
      .prepare('SELECT id, person_id AS personId, sha256, file_name AS fileName, current, issues_json AS issues, created_at AS createdAt FROM photos WHERE person_id = ? ORDER BY id DESC')
      .all(personId),
  );
}

/** Makes `sha256` the person's current photo, the one before it history; returns the new row's id. */
export function insertCurrentPhoto(db: Db, p: { personId: number; sha256: string; fileName: string; issues: readonly Issue[] }, at: Date): number {
  db.prepare('UPDATE photos SET current = 0 WHERE person_id = ? AND current = 1').run(p.personId);
  const r = db
    .prepare('INSERT INTO photos (person_id, sha256, file_name, current, issues_json, created_at) VALUES (?, ?, ?, 1, ?, ?)')
    .run(p.personId, p.sha256, p.fileName, JSON.stringify(p.issues), localIso(at));
  return Number(r.lastInsertRowid);
}

/** The current photo of each of the batch's people, with its size: what a push names and uploads. */
export function currentPhotosOfBatch(db: Db, batchId: string): Array<{ personId: number; sha256: string; fileName: string; issues: Issue[]; size: number }> {
  return checkedRows(
    z.object({ personId: z.number(), sha256: z.string(), fileName: z.string(), issues: issuesJson, size: z.number() }),
    db
      .prepare(
        `SELECT p.person_id AS personId, p.sha256, p.file_name AS fileName, p.issues_json AS issues, b.size
         FROM photos p JOIN blobs b ON b.sha256 = p.sha256 JOIN persons pe ON pe.id = p.person_id
         WHERE pe.batch_id = ? AND p.current = 1`,
      )
      .all(batchId),
  );
}

/** The current photos of people still in the clerk's hands (draft or returned): checked again on a new spec. */
export function currentPhotosOfOpenPeople(db: Db): Array<{ id: number; sha256: string; fileName: string }> {
  return checkedRows(
    z.object({ id: z.number(), sha256: z.string(), fileName: z.string() }),
    db
      .prepare("SELECT ph.id, ph.sha256, ph.file_name AS fileName FROM photos ph JOIN persons p ON p.id = ph.person_id WHERE ph.current = 1 AND p.status IN ('draft', 'rejected')")
      .all(),
  );
}

export function setPhotoIssues(db: Db, photoId: number, issues: readonly Issue[]): void {
  db.prepare('UPDATE photos SET issues_json = ? WHERE id = ?').run(JSON.stringify(issues), photoId);
}

/**
 * Each of the batch's people's photo findings, as the 问题清单 lists them: the current photo's, or
 * 缺少照片 for a person without one.
 */
export function photoFindingsOfBatch(db: Db, batchId: string): Map<number, Issue[]> {
  const rows = checkedRows(
    z.object({ personId: z.number(), hasPhoto: z.number(), issues: issuesColumn.nullable() }),
    db
      .prepare(
        `SELECT pe.id AS personId, pe.has_photo AS hasPhoto, ph.issues_json AS issues
         FROM persons pe LEFT JOIN photos ph ON ph.person_id = pe.id AND ph.current = 1
         WHERE pe.batch_id = ?`,
      )
      .all(batchId),
  );
  return new Map(rows.map((r) => [r.personId, r.hasPhoto ? (r.issues ?? []) : [noPhotoIssue()]]));
}
