import crypto from 'node:crypto';
import { COURSE_PROBLEMS_LISTED, type CourseTableResponse } from '../../src-shared/contract/sync-training.js';
import type { CodeLookup } from '../../src-shared/rules/code-tables.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { CourseFileError, readCourseTable } from './course-table-read.js';
import { appendCourseImport, lastCourseImport, listCourses, replaceCourses } from './courses-store.js';

/**
 * The course table (人员查询; issue 19 item 4): an administrator imports it from an .xlsx, which replaces
 * the whole table in one transaction with its history row and audit line; desktops get it with GET
 * /reference. A file with any wrong row changes nothing: the answer names the rows.
 */

export interface CourseActor {
  userId: number;
  name: string;
  ip: string;
  now: Date;
}

export async function courseTable(db: Sql): Promise<CourseTableResponse> {
  return { courses: await listCourses(db), lastImport: await lastCourseImport(db) };
}

export async function importCourses(db: Sql, bytes: Uint8Array, fileName: string | undefined, categories: CodeLookup, actor: CourseActor): Promise<CourseTableResponse> {
  const file = fileName ?? '上传的文件.xlsx';
  let table;
  try {
    table = await readCourseTable(bytes, file, categories);
  } catch (e) {
    if (e instanceof CourseFileError) throw new ApiError(422, 'courses.file_invalid', e.message);
    throw e;
  }
  if (table.problems.length > 0) {
    const n = table.problems.length;
    const listed = table.problems.slice(0, COURSE_PROBLEMS_LISTED);
    const more = n > listed.length ? `（另有 ${n - listed.length} 行有误未列出）` : '';
    throw new ApiError(
      422,
      'courses.file_invalid',
      `“${file}”有 ${n} 行有误${more}，课程设置没有改动。请改正这些行后重新导入整个文件：${listed.map((p) => p.message).join(' ')}`,
      {},
      { courseProblems: listed },
    );
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const at = actor.now.toISOString();
  await transaction(db, async (t) => {
    const before = (await listCourses(t)).length;
    await replaceCourses(t, table.courses);
    await appendCourseImport(t, { file, sha256, courses: table.courses.length, byUserId: actor.userId, by: actor.name, at });
    await recordAudit(t, {
      at: actor.now, actorUserId: actor.userId, actor: actor.name, action: 'courses.import', entity: 'courses', entityId: sha256,
      detail: { file, courses: table.courses.length, before }, ip: actor.ip,
    });
  });
  return courseTable(db);
}
