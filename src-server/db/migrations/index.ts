import { MIGRATION_0001 } from './0001-accounts.js';
import { MIGRATION_0002 } from './0002-blobs.js';
import { MIGRATION_0003 } from './0003-batches.js';
import { MIGRATION_0004 } from './0004-study-records.js';
import { MIGRATION_0005 } from './0005-blob-pixels.js';
import { MIGRATION_0006 } from './0006-settings.js';
import { MIGRATION_0007 } from './0007-blob-usage.js';
import { MIGRATION_0008 } from './0008-batch-content-hash.js';
import { MIGRATION_0009 } from './0009-review-visits.js';
import { MIGRATION_0010 } from './0010-dashboard-indexes.js';
import { MIGRATION_0011 } from './0011-exams.js';
import { MIGRATION_0012 } from './0012-batch-payments.js';
import { MIGRATION_0013 } from './0013-training-rules-courses.js';
import { MIGRATION_0014 } from './0014-certificates.js';
import { MIGRATION_0015 } from './0015-province-review.js';
import { MIGRATION_0016 } from './0016-login-failures.js';
import { MIGRATION_0017 } from './0017-review-queue-indexes.js';
import { MIGRATION_0019 } from './0019-update-releases.js';
import { MIGRATION_0018 } from './0018-person-arrival.js';
import { PG_0016 } from './postgres/0016-login-failures.js';
import { PG_0017 } from './postgres/0017-review-queue-indexes.js';
import { PG_0019 } from './postgres/0019-update-releases.js';
import { PG_0018 } from './postgres/0018-person-arrival.js';
import { PG_0001 } from './postgres/0001-accounts.js';
import { PG_0002 } from './postgres/0002-blobs.js';
import { PG_0003 } from './postgres/0003-batches.js';
import { PG_0004 } from './postgres/0004-study-records.js';
import { PG_0005 } from './postgres/0005-blob-pixels.js';
import { PG_0006 } from './postgres/0006-settings.js';
import { PG_0007 } from './postgres/0007-blob-usage.js';
import { PG_0008 } from './postgres/0008-batch-content-hash.js';
import { PG_0009 } from './postgres/0009-review-visits.js';
import { PG_0010 } from './postgres/0010-dashboard-indexes.js';
import { PG_0011 } from './postgres/0011-exams.js';
import { PG_0012 } from './postgres/0012-batch-payments.js';
import { PG_0013 } from './postgres/0013-training-rules-courses.js';
import { PG_0014 } from './postgres/0014-certificates.js';
import { PG_0015 } from './postgres/0015-province-review.js';

/**
 * Every schema change of the server's database, numbered, applied in order, each once (recorded in
 * schema_migrations). A migration is never edited after release: a change is a new number.
 */
export type { Migration } from '../../../src-node/sqlite-store.js';
import type { Migration } from '../../../src-node/sqlite-store.js';

/**
 * A migration in both dialects: `sql` for SQLite (as released, never edited), `pg` the same change in
 * PostgreSQL's words (postgres/), giving the same tables, constraints and indexes.
 */
export interface ServerMigration extends Migration {
  pg: string;
}

export const MIGRATIONS: readonly ServerMigration[] = [
  { id: 1, name: 'accounts', sql: MIGRATION_0001, pg: PG_0001 },
  { id: 2, name: 'blobs', sql: MIGRATION_0002, pg: PG_0002 },
  { id: 3, name: 'batches', sql: MIGRATION_0003, pg: PG_0003 },
  { id: 4, name: 'study-records', sql: MIGRATION_0004, pg: PG_0004 },
  { id: 5, name: 'blob-pixels', sql: MIGRATION_0005, pg: PG_0005 },
  { id: 6, name: 'settings', sql: MIGRATION_0006, pg: PG_0006 },
  { id: 7, name: 'blob-usage', sql: MIGRATION_0007, pg: PG_0007 },
  { id: 8, name: 'batch-content-hash', sql: MIGRATION_0008, pg: PG_0008 },
  { id: 9, name: 'review-visits', sql: MIGRATION_0009, pg: PG_0009 },
  { id: 10, name: 'dashboard-indexes', sql: MIGRATION_0010, pg: PG_0010 },
  { id: 11, name: 'exams', sql: MIGRATION_0011, pg: PG_0011 },
  { id: 12, name: 'batch-payments', sql: MIGRATION_0012, pg: PG_0012 },
  { id: 13, name: 'training-rules-courses', sql: MIGRATION_0013, pg: PG_0013 },
  { id: 14, name: 'certificates', sql: MIGRATION_0014, pg: PG_0014 },
  { id: 15, name: 'province-review', sql: MIGRATION_0015, pg: PG_0015 },
  { id: 16, name: 'login-failures', sql: MIGRATION_0016, pg: PG_0016 },
  { id: 17, name: 'review-queue-indexes', sql: MIGRATION_0017, pg: PG_0017 },
  { id: 18, name: 'person-arrival', sql: MIGRATION_0018, pg: PG_0018 },
  { id: 19, name: 'update-releases', sql: MIGRATION_0019, pg: PG_0019 },
];
