import type { Change } from '../../src-shared/contract/sync-api.js';
import type { Db } from '../store/open-store.js';
import { REVIEW_LEVEL_NAME } from '../../src-shared/contract/sync-common.js';
import { localIso, type Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';

export interface AppliedCounts {
  decisions: number;
  rejected: number;
  approved: number;
  studyAccounts: number;
  studyRecords: number;
  examScores: number;
}

export function emptyCounts(): AppliedCounts {
  return { decisions: 0, rejected: 0, approved: 0, studyAccounts: 0, studyRecords: 0, examScores: 0 };
}

/** The person a change is about: our own row, by the key we sent (its id) within the batch. */
function personId(db: Db, batchId: string, key: string): number | null {
  const id = Number(key);
  if (!Number.isInteger(id)) return null;
  const row = db.prepare('SELECT id FROM persons WHERE id = ? AND batch_id = ?').get(id, batchId) as { id: number } | undefined;
  return row ? row.id : null;
}

/**
 * A study record or exam score: the latest per person and start time. A later sequence number
 * replaces an earlier one; the same or an older one (a page applied twice) changes nothing.
 */
function upsertLatest(
  db: Db,
  table: 'study_records' | 'exam_scores',
  column: 'record' | 'score',
  c: { seq: number; idNumber: string; name: string },
  startedAt: string,
  value: object,
): number {
  return db
    .prepare(
      `INSERT INTO ${table} (seq, id_number, name, started_at, ${column}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id_number, started_at) DO UPDATE SET seq = excluded.seq, name = excluded.name, ${column} = excluded.${column}
       WHERE excluded.seq > ${table}.seq`,
    )
    .run(c.seq, c.idNumber, c.name, startedAt, JSON.stringify(value)).changes;
}

/**
 * Applies one page of the change feed. Every change carries the server's sequence number and is
 * stored under it (UNIQUE), so a page applied twice — a crash between storing it and storing the
 * cursor — changes nothing the second time. Call inside one transaction with the cursor update.
 */
export function applyChanges(db: Db, changes: readonly Change[], actor: Actor, counts: AppliedCounts = emptyCounts()): AppliedCounts {
  const at = localIso(actor.now());
  for (const c of changes) {
    switch (c.type) {
      case 'decision': {
        const pid = personId(db, c.batchId, c.personKey);
        const r = db
          .prepare(
            `INSERT OR IGNORE INTO review_records (seq, person_id, batch_id, person_key, version, level, result, comment, reviewer, decided_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(c.seq, pid, c.batchId, c.personKey, c.version, c.level, c.result, c.comment, c.reviewer, c.decidedAt);
        if (r.changes === 0 || pid === null) break;
        counts.decisions++;
        // A decision on an older version (the person was sent again since) is history, not status.
        const moved = db
          .prepare(
            `UPDATE persons SET status = ?, review_level = ?, review_comment = ?, reviewer = ?, reviewed_at = ?, pending_at = ?,
               server_version = max(server_version, ?), resubmit = 0, updated_at = ?
             WHERE id = ? AND server_version <= ?`,
          )
          .run(c.status, c.level, c.comment, c.reviewer, c.decidedAt, c.status === 'county_approved' ? '市级审核' : '', c.version, at, pid, c.version).changes;
        if (moved === 0) break;
        if (c.result === 'rejected') counts.rejected++;
        if (c.status === 'approved') counts.approved++;
        recordAudit(db, actor, {
          action: c.result === 'rejected' ? 'person.returned' : 'person.approved',
          entity: 'person',
          entityId: String(pid),
          detail: `${REVIEW_LEVEL_NAME[c.level]}审核${c.result === 'rejected' ? '驳回' : '通过'}（${c.reviewer}）${c.comment ? `：${c.comment}` : ''}`,
        });
        break;
      }
      case 'study_account': {
        const pid = personId(db, c.batchId, c.personKey);
        const r = db
          .prepare('INSERT OR IGNORE INTO study_accounts (seq, person_id, id_number, name, username, initial_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(c.seq, pid, c.idNumber, c.name, c.username, c.initialPassword, c.createdAt);
        counts.studyAccounts += r.changes;
        break;
      }
      case 'study_record':
        counts.studyRecords += upsertLatest(db, 'study_records', 'record', c, c.record.startedAt, c.record);
        break;
      case 'exam_score':
        counts.examScores += upsertLatest(db, 'exam_scores', 'score', c, c.score.startedAt, c.score);
        break;
    }
  }
  return counts;
}
