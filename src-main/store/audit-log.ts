import { z } from 'zod';
import { checkedRows } from '../../src-node/sqlite-store.js';
import type { Db } from './open-store.js';
import { localIso, type Actor } from './clock.js';

export interface AuditEntry {
  action: string;
  entity: 'batch' | 'person' | 'photo' | 'evidence';
  entityId: string;
  field?: string;
  oldValue?: string;
  newValue?: string;
  detail?: string;
}

const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.enum(['batch', 'person', 'photo', 'evidence']),
  entityId: z.string(),
  field: z.string(),
  oldValue: z.string(),
  newValue: z.string(),
  detail: z.string(),
}) satisfies z.ZodType<Required<AuditEntry>>;
export type AuditRow = z.infer<typeof auditRow>;

/** Append-only record of who changed what; written in the same transaction as the change itself. */
export function recordAudit(db: Db, actor: Actor, e: AuditEntry): void {
  db.prepare(
    `INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(localIso(actor.now()), actor.name, e.action, e.entity, e.entityId, e.field ?? '', e.oldValue ?? '', e.newValue ?? '', e.detail ?? '');
}

export function auditFor(db: Db, entity: AuditEntry['entity'], entityId: string): AuditRow[] {
  return checkedRows(
    auditRow,
    db
      .prepare(
        `SELECT id, at, actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, detail
         FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`,
      )
      .all(entity, entityId),
  );
}
