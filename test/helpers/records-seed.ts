import type { Change, ExamScore, StudyRecord } from '../../src-shared/contract/sync-api.js';
import { openStore, type Db } from '../../src-main/store/open-store.js';
import { BlobStore } from '../../src-main/blobs/blob-store.js';
import { SyncService } from '../../src-main/sync/sync-service.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { claimDue, markDone } from '../../src-main/store/outbox-repo.js';
import { applyBatchAnswer } from '../../src-main/sync/apply-answer.js';
import { applyChanges } from '../../src-main/sync/apply-changes.js';
import { prepareDesktopBatch, type DesktopBatch } from './desktop-batch.js';
import { makeId } from './ids.js';

/**
 * A desktop data folder as a unit has it some weeks after its first submissions, for the record
 * screens (人员管理, 人员查询, 人员记录, 考试信息). Built by the real code paths: the batches are
 * imported with photos (prepareDesktopBatch), submitted through SyncService.submitBatch, the server's
 * acceptance stored as the push stores it (applyBatchAnswer + markDone in one transaction, at a pinned
 * time), and the decisions, study accounts, study records and exam scores applied as change-feed
 * pages (applyChanges), exactly as a pull applies them.
 *
 *   batch A (陈一 林二 黄三): accepted 2026-11-02 10:00 local; all approved at both levels, accounts for
 *            all three; study records for 陈一 (学习完成) and 林二 (学习中); scores 陈一 86 是, 林二 52 否.
 *   batch B (周四 吴五):     accepted 2026-11-20 00:30 local; 周四 approved (account, record, score 91),
 *            吴五 returned by the county with a comment.
 *   batch C (郑六):          imported, never submitted.
 */

export const PEOPLE = {
  陈一: makeId('19850612', '011'),
  林二: makeId('19900101', '023'),
  黄三: makeId('19921120', '035'),
  周四: makeId('19880808', '047', '350203'),
  吴五: makeId('19950315', '053'),
  郑六: makeId('19870707', '061'),
} as const;
export type SeedName = keyof typeof PEOPLE;

// Made when seeding, in the time zone in force then (a test may set TZ first).
const acceptedA = () => new Date(2026, 10, 2, 10, 0, 0);
/** Half past midnight: in UTC (the outbox's clock) still the day before east of Greenwich. */
const acceptedB = () => new Date(2026, 10, 20, 0, 30, 0);

export interface RecordsSeed {
  a: DesktopBatch;
  b: DesktopBatch;
  c: DesktopBatch;
  /** The persons.id of each seeded name. */
  personId: Record<SeedName, number>;
}

async function importBatch(dataDir: string, names: SeedName[]): Promise<DesktopBatch> {
  return prepareDesktopBatch(dataDir, names.length, (i) => ({ name: names[i]!, idNumber: PEOPLE[names[i]!], birthDate: `${PEOPLE[names[i]!].slice(6, 10)}-${PEOPLE[names[i]!].slice(10, 12)}-${PEOPLE[names[i]!].slice(12, 14)}` }));
}

/** 提交 and the server's "created" answer, stored as the push stores it, at `when`. */
function submitAndAccept(db: Db, dataDir: string, batch: DesktopBatch, when: Date): void {
  const actor = { name: '测试员', now: () => when };
  const blobs = new BlobStore(db, dataDir);
  const sync = new SyncService({ db, tokens: new MemoryTokenStore(), actor, blobPath: (s) => blobs.pathOf(s) });
  const job = sync.submitBatch(batch.batchId);
  if (!claimDue(db, when, job.id)) throw new Error('the submitted job is not due');
  db.transaction(() => {
    applyBatchAnswer(
      db,
      batch.batchId,
      {
        batchId: batch.batchId,
        result: 'created',
        resubmitted: [],
        receivedAt: when.toISOString(),
        persons: batch.personIds.map((id) => ({ key: String(id), version: 1, status: 'submitted' as const, pendingAt: { level: 'county' as const, jurisdiction: '鼓楼区司法局' }, issues: [] })),
      },
      actor,
    );
    markDone(db, job.id, when);
  }).immediate();
}

function studyRecord(r: Partial<StudyRecord>): StudyRecord {
  return {
    phone: '13800000000', region: '福州市鼓楼区', unitName: '福州市市场监督管理局', updatedAt: '2026-11-21 10:00:00', startedAt: '2026-11-05 09:00:00',
    studyStatus: '学习中', endedAt: '', examStatus: '未考试', examScore: '0', examFinishedAt: '', studyDurations: ['0', '0', '0'], ...r,
  };
}

function examScore(s: Partial<ExamScore>): ExamScore {
  return {
    phone: '13800000000', region: '福州市鼓楼区', unitName: '福州市市场监督管理局', updatedAt: '2026-11-22 16:00:00', passed: '是', score: '0',
    duration: '60', attempts: '1', startedAt: '2026-11-22 09:00:00', endedAt: '2026-11-22 10:00:00', syncedAt: '2026-11-22 16:00:00', ...s,
  };
}

/** Seeds `dataDir` (a new folder) as described above. */
export async function seedRecords(dataDir: string): Promise<RecordsSeed> {
  const a = await importBatch(dataDir, ['陈一', '林二', '黄三']);
  const b = await importBatch(dataDir, ['周四', '吴五']);
  const c = await importBatch(dataDir, ['郑六']);
  const personId = {} as Record<SeedName, number>;
  for (const batch of [a, b, c]) batch.names.forEach((n, i) => (personId[n as SeedName] = batch.personIds[i]!));

  const db = openStore(dataDir);
  try {
    submitAndAccept(db, dataDir, a, acceptedA());
    submitAndAccept(db, dataDir, b, acceptedB());

    let seq = 100;
    const at = '2026-11-23T09:00:00+08:00';
    const batchOf = (n: SeedName) => (a.names.includes(n) ? a : b).batchId;
    const person = (n: SeedName) => ({ batchId: batchOf(n), personKey: String(personId[n]), version: 1, idNumber: PEOPLE[n], name: n });
    const decision = (n: SeedName, level: 'county' | 'city', result: 'approved' | 'rejected', status: 'county_approved' | 'approved' | 'rejected', comment = ''): Change => ({
      seq: seq++, at, type: 'decision', ...person(n), level, result, comment, reviewer: level === 'county' ? '鼓楼区司法局 张审核' : '福州市司法局 李审核', decidedAt: level === 'county' ? '2026-11-21T10:00:00+08:00' : '2026-11-22T11:00:00+08:00', status,
    });
    const account = (n: SeedName): Change => ({ seq: seq++, at, type: 'study_account', ...person(n), username: `${n}${PEOPLE[n].slice(6, 14)}`, initialPassword: `Pw${PEOPLE[n].slice(-4)}abcd`, createdAt: '2026-11-22T11:00:00+08:00' });
    const approved: SeedName[] = ['陈一', '林二', '黄三', '周四'];
    const pages: Change[][] = [
      [...approved.map((n) => decision(n, 'county', 'approved', 'county_approved')), decision('吴五', 'county', 'rejected', 'rejected', '照片背景不是红色，请更换照片后重新提交。')],
      [...approved.map((n) => decision(n, 'city', 'approved', 'approved')), ...approved.map(account)],
      [
        { seq: seq++, at, type: 'study_record', idNumber: PEOPLE.陈一, name: '陈一', record: studyRecord({ studyStatus: '学习完成', endedAt: '2026-11-10 17:00:00', examStatus: '已考试', examScore: '86', examFinishedAt: '2026-11-12 10:00:00', studyDurations: ['20', '5', '25'] }) },
        { seq: seq++, at, type: 'study_record', idNumber: PEOPLE.林二, name: '林二', record: studyRecord({ studyDurations: ['6', '0', '6'] }) },
        { seq: seq++, at, type: 'study_record', idNumber: PEOPLE.周四, name: '周四', record: studyRecord({ startedAt: '2026-11-21 08:00:00', studyDurations: ['2', '0', '2'] }) },
        { seq: seq++, at, type: 'exam_score', idNumber: PEOPLE.陈一, name: '陈一', score: examScore({ score: '86' }) },
        { seq: seq++, at, type: 'exam_score', idNumber: PEOPLE.林二, name: '林二', score: examScore({ score: '52', passed: '否' }) },
        { seq: seq++, at, type: 'exam_score', idNumber: PEOPLE.周四, name: '周四', score: examScore({ score: '91' }) },
      ],
    ];
    const actor = { name: '测试员', now: () => new Date(2026, 10, 23, 9, 0, 0) };
    for (const page of pages) db.transaction(() => applyChanges(db, page, actor)).immediate();
  } finally {
    db.close();
  }
  return { a, b, c, personId };
}
