import { z } from 'zod';
import { COURSES_MAX, type Course } from '../../src-shared/contract/sync-training.js';
import { all, get, run, type Sql } from '../db/sql.js';
import { chunks, marks } from '../db/chunks.js';

/** The course table's SQL (migration 0013): the table in force and the history of its imports. */

const courseRow = z.object({ category: z.string(), name: z.string(), hours: z.number(), required: z.number().int() });

/** By 考试类别, then the order of the imported file; bounded by COURSES_MAX (what an import can hold). */
export async function listCourses(db: Sql): Promise<Course[]> {
  const rows = await all(db, courseRow, 'SELECT category, name, hours, required FROM courses ORDER BY category, position LIMIT ?', [COURSES_MAX]);
  return rows.map((r) => ({ category: r.category, name: r.name, hours: r.hours, required: r.required === 1 }));
}

/** The whole table replaced (call inside one transaction, with its `t`, and the import's history row). */
export async function replaceCourses(db: Sql, courses: readonly Course[]): Promise<void> {
  await run(db, 'DELETE FROM courses');
  // Many rows to a statement (db/chunks.ts); position is the row's place in the file, from 1.
  let position = 0;
  for (const part of chunks(courses)) {
    await run(
      db,
      `INSERT INTO courses (category, name, hours, required, position) VALUES ${marks(part.length, '(?, ?, ?, ?, ?)')}`,
      part.flatMap((c) => [c.category, c.name, c.hours, c.required ? 1 : 0, ++position]),
    );
  }
}

export interface CourseImportRow {
  file: string;
  sha256: string;
  courses: number;
  byUserId: number;
  by: string;
  at: string;
}

export async function appendCourseImport(db: Sql, r: CourseImportRow): Promise<void> {
  await run(db, 'INSERT INTO course_imports (file, sha256, courses, by_user_id, by_name, at) VALUES (?, ?, ?, ?, ?, ?)', [r.file, r.sha256, r.courses, r.byUserId, r.by, r.at]);
}

const importRow = z.object({ file: z.string(), courses: z.number().int(), by: z.string(), at: z.string() });

export async function lastCourseImport(db: Sql): Promise<z.infer<typeof importRow> | null> {
  return (await get(db, importRow, 'SELECT file, courses, by_name AS "by", at FROM course_imports ORDER BY id DESC LIMIT 1')) ?? null;
}
