import { z } from 'zod';
import { checkedRow, checkedRows } from '../../src-node/sqlite-store.js';
import { COURSES_MAX, type Course } from '../../src-shared/contract/sync-training.js';
import type { Db } from '../db/open-db.js';

/** The course table's SQL (migration 0013): the table in force and the history of its imports. */

const courseRow = z.object({ category: z.string(), name: z.string(), hours: z.number(), required: z.number().int() });

/** By 考试类别, then the order of the imported file; bounded by COURSES_MAX (what an import can hold). */
export function listCourses(db: Db): Course[] {
  return checkedRows(courseRow, db.prepare('SELECT category, name, hours, required FROM courses ORDER BY category, position LIMIT ?').all(COURSES_MAX)).map(
    (r) => ({ category: r.category, name: r.name, hours: r.hours, required: r.required === 1 }),
  );
}

/** The whole table replaced (call inside one transaction, with the import's history row). */
export function replaceCourses(db: Db, courses: readonly Course[]): void {
  db.prepare('DELETE FROM courses').run();
  const insert = db.prepare('INSERT INTO courses (category, name, hours, required, position) VALUES (?, ?, ?, ?, ?)');
  courses.forEach((c, i) => insert.run(c.category, c.name, c.hours, c.required ? 1 : 0, i + 1));
}

export interface CourseImportRow {
  file: string;
  sha256: string;
  courses: number;
  byUserId: number;
  by: string;
  at: string;
}

export function appendCourseImport(db: Db, r: CourseImportRow): void {
  db.prepare('INSERT INTO course_imports (file, sha256, courses, by_user_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?)').run(r.file, r.sha256, r.courses, r.byUserId, r.by, r.at);
}

const importRow = z.object({ file: z.string(), courses: z.number().int(), by: z.string(), at: z.string() });

export function lastCourseImport(db: Db): z.infer<typeof importRow> | null {
  return checkedRow(importRow, db.prepare('SELECT file, courses, by_name AS "by", at FROM course_imports ORDER BY id DESC LIMIT 1').get()) ?? null;
}
