import {
  examScoreSchema,
  studyRecordSchema,
  type ChangePayload,
  type ExamScore,
  type StudyRecord,
} from '../../src-shared/contract/sync-feed.js';
import { cellText, type TableRow, type TableSpec } from './read-record-table.js';

/**
 * The two exports of the study platform an administrator imports, as the Fujian manual shows them:
 * 人员学习记录 (3.6 人员记录) and 人员考试成绩 (四、考试信息管理). Each kind says which header texts
 * name which field of the contract, which columns make it recognisable, how a row becomes the
 * contract's object, and what its feed entry looks like.
 */

export type RecordKind = 'study_record' | 'exam_score';

export interface RecordKindDef<T> {
  kind: RecordKind;
  /** 人员学习记录 / 人员考试成绩 */
  title: string;
  /** The admin command that imports it. */
  verb: string;
  spec: TableSpec;
  /** Columns only this export has: a file with none of them is some other table. */
  contentKeys: readonly string[];
  /** The column that, with the ID number, tells one record of a person from another. */
  keyField: string;
  toRecord(row: TableRow): T;
  payload(idNumber: string, name: string, record: T): ChangePayload;
  parse(json: unknown): T;
}

const text = (row: TableRow, key: string): string => cellText(row.cells[key]?.[0]);

const common = [
  { key: 'name', headers: ['姓名'] },
  { key: 'idNumber', headers: ['身份证号', '身份证号码', '公民身份号码', '证件号码'] },
  { key: 'phone', headers: ['手机号', '手机号码', '联系电话'] },
] as const;

export const STUDY_RECORDS: RecordKindDef<StudyRecord> = {
  kind: 'study_record',
  title: '人员学习记录',
  verb: 'import-study-records',
  spec: {
    title: '人员学习记录',
    columns: [
      ...common,
      { key: 'region', headers: ['地区', '所属地区'] },
      { key: 'unitName', headers: ['单位', '工作单位', '所属单位'] },
      { key: 'updatedAt', headers: ['更新时间'] },
      { key: 'startedAt', headers: ['开始时间'] },
      { key: 'studyStatus', headers: ['学习状态'] },
      { key: 'endedAt', headers: ['结束时间'] },
      { key: 'examStatus', headers: ['考试状态'] },
      { key: 'examScore', headers: ['考试成绩'] },
      { key: 'examFinishedAt', headers: ['考试完成时间'] },
      { key: 'studyDurations', headers: ['学习总时长'], repeated: true },
    ],
    required: ['name', 'idNumber'],
  },
  contentKeys: ['startedAt', 'studyStatus', 'endedAt', 'examStatus', 'examFinishedAt', 'studyDurations'],
  keyField: 'startedAt',
  toRecord(row) {
    const durations = (row.cells.studyDurations ?? []).map((c) => cellText(c));
    while (durations.length < 3) durations.push('');
    return {
      phone: text(row, 'phone'),
      region: text(row, 'region'),
      unitName: text(row, 'unitName'),
      updatedAt: text(row, 'updatedAt'),
      startedAt: text(row, 'startedAt'),
      studyStatus: text(row, 'studyStatus'),
      endedAt: text(row, 'endedAt'),
      examStatus: text(row, 'examStatus'),
      examScore: text(row, 'examScore'),
      examFinishedAt: text(row, 'examFinishedAt'),
      studyDurations: durations,
    };
  },
  payload: (idNumber, name, record) => ({ type: 'study_record', idNumber, name, record }),
  parse: (json) => studyRecordSchema.parse(json),
};

export const EXAM_SCORES: RecordKindDef<ExamScore> = {
  kind: 'exam_score',
  title: '人员考试成绩',
  verb: 'import-exam-scores',
  spec: {
    title: '人员考试成绩',
    columns: [
      ...common,
      { key: 'region', headers: ['所属地区', '地区'] },
      { key: 'unitName', headers: ['工作单位', '单位', '所属单位'] },
      { key: 'updatedAt', headers: ['更新时间'] },
      { key: 'passed', headers: ['是否通过'] },
      { key: 'score', headers: ['考试成绩'] },
      { key: 'duration', headers: ['考试时长'] },
      { key: 'attempts', headers: ['正式考试次数'] },
      { key: 'startedAt', headers: ['开始考试时间'] },
      { key: 'endedAt', headers: ['考试结束时间'] },
      { key: 'syncedAt', headers: ['同步时间'] },
    ],
    required: ['name', 'idNumber'],
  },
  contentKeys: ['passed', 'duration', 'attempts', 'startedAt', 'endedAt', 'syncedAt'],
  keyField: 'startedAt',
  toRecord(row) {
    return {
      phone: text(row, 'phone'),
      region: text(row, 'region'),
      unitName: text(row, 'unitName'),
      updatedAt: text(row, 'updatedAt'),
      passed: text(row, 'passed'),
      score: text(row, 'score'),
      duration: text(row, 'duration'),
      attempts: text(row, 'attempts'),
      startedAt: text(row, 'startedAt'),
      endedAt: text(row, 'endedAt'),
      syncedAt: text(row, 'syncedAt'),
    };
  },
  payload: (idNumber, name, score) => ({ type: 'exam_score', idNumber, name, score }),
  parse: (json) => examScoreSchema.parse(json),
};

export const RECORD_KINDS = { study_record: STUDY_RECORDS, exam_score: EXAM_SCORES } as const;

/**
 * A start time as a key: the same moment written "2023/2/15 6:46:03", "2023-02-15 06:46:03.000" or
 * stored by Excel as a date is one key, so a CSV and an xlsx export of the same data match. Text that
 * is no date-time stays itself (spaces removed).
 */
export function timeKey(value: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2})(?:\.(\d{1,9}))?)?)?$/.exec(value.trim());
  if (!m) return value.replace(/[\s\u00a0\u3000]+/g, '');
  const p2 = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const date = `${m[1]}-${p2(m[2])}-${p2(m[3])}`;
  if (m[4] === undefined) return date;
  const ms = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  return `${date} ${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${ms !== '000' ? '.' + ms : ''}`;
}
