import { z } from 'zod';
import { all, run, type Sql } from './sql.js';

export interface AuditEntry {
  at: Date;
  /** The signed-in user, or null for the admin command line. */
  actorUserId: number | null;
  /** A user name, or "server-admin (<OS user>)". */
  actor: string;
  action: string;
  /** study_record / exam_score: one line per imported file, entityId = the file's SHA-256. */
  /** setting: a deployment setting changed in the console, entityId = its key. */
  /** export: a list of people (with ID numbers) taken out of the server, entityId = approved / rejected. */
  /** exam: an exam task added, changed or a window extended (issue 19), entityId = the exam's id. */
  /** courses: the course table replaced by an import (issue 19), entityId = the file's SHA-256. */
  /** update: the desktop update feed (issue 21), entityId = the release's version, or 'feed' for pause/resume. */
  entity: 'user' | 'unit' | 'jurisdiction' | 'session' | 'blob' | 'batch' | 'person' | 'study_record' | 'exam_score' | 'setting' | 'export' | 'exam' | 'courses' | 'update';
  entityId: string | number;
  /** Facts worth keeping; never a password, a hash or a token. */
  detail?: Record<string, unknown>;
  ip?: string;
}

/** Appends one line to the audit log; call it inside the transaction of the change it records. */
export async function recordAudit(db: Sql, e: AuditEntry): Promise<void> {
  await run(
    db,
    `INSERT INTO audit_log (at, actor_user_id, actor, action, entity, entity_id, detail, ip)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
    e.at.toISOString(),
    e.actorUserId,
    e.actor,
    e.action,
    e.entity,
    String(e.entityId),
    e.detail ? JSON.stringify(e.detail) : '',
    e.ip ?? '',
    ],
  );
}

const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.number().nullable(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** The detail as stored: JSON text, '' when there was none. */
  detail: z.string(),
  ip: z.string(),
});
export type AuditRow = z.infer<typeof auditRow>;

export async function auditFor(db: Sql, entity: AuditEntry['entity'], entityId: string | number): Promise<AuditRow[]> {
  return all(
    db,
    auditRow,
    `SELECT id, at, actor_user_id AS "actorUserId", actor, action, entity, entity_id AS "entityId", detail, ip
     FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`,
    [entity, String(entityId)],
  );
}
