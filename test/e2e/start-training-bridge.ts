import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveReference } from '../../src-main/sync/reference-store.js';
import { examTaskState } from '../../src-shared/exam-status.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { GUANGXI_2026_WINDOWS } from '../helpers/exam-fixtures.js';
import { PEOPLE, seedRecords } from '../helpers/records-seed.js';
import { openDesktop, serveDesktop } from './seed/desktop-seed.js';

/**
 * For training.spec.ts (issue 19 items 3 and 4): the records seed (approved people, study records: 陈一
 * 25 学时 and a mock exam, 林二 6 学时 and none, 周四 2 学时, 黄三 none), the first batch tied to an exam that
 * asks 20 学时 and 1 mock exam, and a course table, stored as a reference pull stores them; the real
 * handlers and the web bridge. Prints one JSON line { url, token, dataDir, people } and runs until killed.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-e2e-training-'));
const data = path.join(dataDir, 'desk');
const seed = await seedRecords(data);
const { db, handlers } = openDesktop(data);
const exam = {
  id: 7, name: '2026年度广西行政执法人员资格考试', category: '综合法律知识考试', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: ['南宁市考点'],
  eligibility: { studyHours: 20, mockExams: 1 }, resultsAnnouncedOn: null, state: examTaskState(GUANGXI_2026_WINDOWS, '2026-10-01'),
};
const courses = [
  { category: '综合法律知识考试', name: '行政执法基础知识', hours: 2, required: true },
  { category: '综合法律知识考试', name: '中华人民共和国行政处罚法', hours: 2, required: true },
  { category: '综合法律知识考试', name: '中华人民共和国行政许可法', hours: 1.5, required: true },
  { category: '综合法律知识考试', name: '行政执法案例分析', hours: 1, required: false },
  { category: '乡镇执法考试', name: '乡镇综合执法实务', hours: 3, required: true },
];
saveReference(db, { rulesVersion: '1', codeTables: loadCodeTables(), photoSpec: getPhotoSpec(), reviewStages: 2, serverTime: new Date().toISOString(), exams: [exam], courses }, new Date());
db.prepare('UPDATE batches SET exam_id = ?, exam_name = ? WHERE id = ?').run(exam.id, exam.name, seed.a.batchId);
await serveDesktop(handlers, dataDir, { dataDir, people: PEOPLE }, [() => db.close()]);
