import type { PersonCourses } from '../../src-shared/contract/desktop-training-api.js';
import { CodedError } from '../../src-shared/coded-error.js';
import { storedReference } from '../sync/reference-store.js';
import type { Db } from '../store/open-store.js';
import { checkedRow } from '../../src-node/sqlite-store.js';
import { z } from 'zod';
import { eligibilityRows } from './eligibility-query.js';

/**
 * 人员查询's 培训课程 (issue 19 item 4): the courses the administrator set for the person's 考试类别 (the
 * course table of the last reference pull, so it is there offline) and the person's progress. The
 * study records give 学习总时长 per enrolment, not per course, so the progress is the total 学时 (and
 * mock exams) against the courses' 学时, never a course ticked off that the records do not name.
 */

const personRow = z.object({ id: z.number().int(), examCategory: z.string(), status: z.string() });

export function personCourses(db: Db, personId: number): PersonCourses {
  const p = checkedRow(personRow, db.prepare('SELECT id, exam_category AS examCategory, status FROM persons WHERE id = ?').get(personId));
  if (!p) throw new CodedError('not_found', '找不到这个人员，可能已被删除。请刷新列表后再试。', { userFacing: true });
  const table = storedReference(db)?.reference.courses;
  const courses = (table ?? []).filter((c) => c.category === p.examCategory);
  const sum = (required: boolean) => Math.round(courses.filter((c) => c.required === required).reduce((s, c) => s + c.hours, 0) * 10) / 10;
  const row = p.status === 'approved' ? (eligibilityRows(db, { personId }).find((r) => r.personId === personId) ?? null) : null;
  return { personId, examCategory: p.examCategory, courses, tableReceived: table !== undefined, requiredHours: sum(true), electiveHours: sum(false), row };
}
