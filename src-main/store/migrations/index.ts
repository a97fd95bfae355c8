import { MIGRATION_0001 } from './0001-initial.js';
import { MIGRATION_0002 } from './0002-sync.js';
import { MIGRATION_0003 } from './0003-person-list.js';
import { MIGRATION_0004 } from './0004-one-batch-per-source.js';
import { MIGRATION_0005 } from './0005-outbox-lease.js';
import { MIGRATION_0006 } from './0006-photo-findings.js';
import { MIGRATION_0007 } from './0007-batch-exam.js';
import { MIGRATION_0008 } from './0008-batch-payments.js';
import { MIGRATION_0009 } from './0009-certificates.js';
import { MIGRATION_0010 } from './0010-review-step-kind.js';

/**
 * Every schema change, numbered, applied in order, each once (recorded in schema_migrations). A
 * migration is never edited after release: a change is a new number.
 */
export type { Migration } from '../../../src-node/sqlite-store.js';
import type { Migration } from '../../../src-node/sqlite-store.js';

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'initial', sql: MIGRATION_0001 },
  { id: 2, name: 'sync', sql: MIGRATION_0002 },
  { id: 3, name: 'person-list', sql: MIGRATION_0003 },
  { id: 4, name: 'one-batch-per-source', sql: MIGRATION_0004 },
  { id: 5, name: 'outbox-lease', sql: MIGRATION_0005 },
  { id: 6, name: 'photo-findings', sql: MIGRATION_0006 },
  { id: 7, name: 'batch-exam', sql: MIGRATION_0007 },
  { id: 8, name: 'batch-payments', sql: MIGRATION_0008 },
  { id: 9, name: 'certificates', sql: MIGRATION_0009 },
  { id: 10, name: 'review-step-kind', sql: MIGRATION_0010 },
];
