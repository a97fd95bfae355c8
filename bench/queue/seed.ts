import type Database from 'better-sqlite3';
import pg from 'pg';
import { openDb } from '../../src-server/db/open-db.js';
import { openPostgres } from '../../src-server/db/open-postgres.js';
import { MIGRATIONS } from '../../src-server/db/migrations/index.js';
import { hashPassword } from '../../src-server/auth/password.js';
import { NOW, Province, TABLE_COLUMNS, TABLE_NAME, type UnitRows } from './province.js';

/**
 * Fills a fresh server database with a Province, straight into the tables the server's migrations made
 * (the migrations are run first, by the server's own code), then ANALYZEs it. Triggers are not fired
 * while seeding (PostgreSQL: session_replication_role = replica, which also skips the foreign-key
 * checks; SQLite: foreign_keys off): the rows already hold what the triggers would have written
 * (blob_owners.referenced_at), and the ids they point at exist.
 */

/** The password of every seeded account (unit and reviewer), already changed: they sign in directly. */
export const SEED_PASSWORD = 'Bench-Queue-2026';

const ROWS_PER_STATEMENT = 5000;

/** PostgreSQL's type of each column the seed writes (for unnest's arrays). */
const PG_TYPES: Record<string, 'text' | 'bigint'> = {
  id: 'bigint', unit_id: 'bigint', submitted_by: 'bigint', version: 'bigint', pending_jurisdiction_id: 'bigint', person_id: 'bigint',
  size: 'bigint', width: 'bigint', height: 'bigint', uploaded_by: 'bigint', jurisdiction_id: 'bigint', reviewer_user_id: 'bigint',
  parent_id: 'bigint', must_change_password: 'bigint',
};
/** batches.id is the desktop's UUID; every other `id` is a number. */
const pgType = (table: string, col: string) => (table === 'batches' && col === 'id' ? 'text' : (PG_TYPES[col] ?? 'text'));

interface BaseRows {
  jurisdictions: { cols: string[]; rows: unknown[][] };
  units: { cols: string[]; rows: unknown[][] };
  users: { cols: string[]; rows: unknown[][] };
}

async function baseRows(p: Province): Promise<BaseRows> {
  const at = NOW.toISOString();
  const hash = await hashPassword(SEED_PASSWORD);
  return {
    jurisdictions: { cols: ['id', 'name', 'level', 'kind', 'parent_id', 'created_at'], rows: p.jurisdictions.map((j) => [j.id, j.name, j.level, j.kind, j.parentId, at]) },
    units: { cols: ['id', 'name', 'jurisdiction_id', 'created_at'], rows: p.unitList.map((u) => [u.id, u.name, u.jurisdictionId, at]) },
    users: {
      cols: ['id', 'username', 'display_name', 'role', 'unit_id', 'jurisdiction_id', 'review_level', 'password_hash', 'must_change_password', 'password_changed_at', 'created_at', 'updated_at'],
      rows: p.users.map((u) => [u.id, u.username, u.username, u.role, u.unitId, u.jurisdictionId, u.reviewLevel, hash, 0, at, at, at]),
    },
  };
}

export interface SeedCounts {
  persons: number;
  versions: number;
  decisions: number;
  batches: number;
  ms: number;
}

/** Gathers rows per table and hands them on in statements of ROWS_PER_STATEMENT. */
async function pour(p: Province, write: (table: keyof UnitRows, rows: unknown[][]) => Promise<void> | void, progress: (line: string) => void): Promise<Omit<SeedCounts, 'ms'>> {
  const pending: UnitRows = { batches: [], persons: [], versions: [], blobs: [], owners: [], decisions: [] };
  const counts = { persons: 0, versions: 0, decisions: 0, batches: 0 };
  const flush = async (all: boolean) => {
    // Parents before children (they are not checked while seeding, but the order is the server's).
    for (const t of ['blobs', 'owners', 'batches', 'persons', 'versions', 'decisions'] as const) {
      while (pending[t].length >= ROWS_PER_STATEMENT || (all && pending[t].length > 0)) await write(t, pending[t].splice(0, ROWS_PER_STATEMENT));
    }
  };
  let units = 0;
  let t = performance.now();
  for (const rows of p.units()) {
    for (const k of Object.keys(pending) as Array<keyof UnitRows>) for (const r of rows[k]) pending[k].push(r);
    counts.persons += rows.persons.length;
    counts.versions += rows.versions.length;
    counts.decisions += rows.decisions.length;
    counts.batches += rows.batches.length;
    await flush(false);
    if (++units % 250 === 0 && performance.now() - t > 10_000) {
      t = performance.now();
      progress(`${units} units, ${counts.persons} persons`);
    }
  }
  await flush(true);
  return counts;
}

/** Seeds a fresh PostgreSQL database (migrated here by the server's own openPostgres), fsync as the cluster has it. */
export async function seedPostgres(url: string, p: Province, progress: (line: string) => void): Promise<SeedCounts> {
  const t0 = performance.now();
  const store = await openPostgres(url, MIGRATIONS);
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL session_replication_role = 'replica'");
    const insert = async (table: string, cols: readonly string[], rows: unknown[][]) => {
      const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
      await client.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${pgType(table, c)}[]`).join(', ')})`,
        arrays,
      );
    };
    const base = await baseRows(p);
    for (const t of ['jurisdictions', 'units', 'users'] as const) await insert(t, base[t].cols, base[t].rows);
    const counts = await pour(p, (t, rows) => insert(TABLE_NAME[t], TABLE_COLUMNS[t], rows), progress);
    for (const t of ['jurisdictions', 'units', 'users', 'persons', 'decisions']) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT MAX(id) FROM ${t}))`);
    }
    await client.query('COMMIT');
    progress('VACUUM ANALYZE');
    // What autovacuum would have done by the time a queue is this long (the visibility map lets index-only scans skip the table).
    await client.query('VACUUM ANALYZE');
    return { ...counts, ms: performance.now() - t0 };
  } finally {
    await client.end();
  }
}

/** Seeds a fresh SQLite store in `dataDir` (migrated by the server's own openDb). */
export async function seedSqlite(dataDir: string, p: Province, progress: (line: string) => void): Promise<SeedCounts> {
  const t0 = performance.now();
  const db = openDb(dataDir, MIGRATIONS);
  try {
    db.pragma('foreign_keys = OFF');
    const statements = new Map<string, Database.Statement<unknown[]>>();
    const insert = (table: string, cols: readonly string[], rows: unknown[][]) => {
      const key = `${table}(${cols.join(',')})`;
      let s = statements.get(key);
      if (!s) {
        s = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        statements.set(key, s);
      }
      for (const r of rows) s.run(...r);
    };
    const base = await baseRows(p);
    db.exec('BEGIN');
    for (const t of ['jurisdictions', 'units', 'users'] as const) insert(t, base[t].cols, base[t].rows);
    const counts = await pour(p, (t, rows) => insert(TABLE_NAME[t], TABLE_COLUMNS[t], rows), progress);
    db.exec('COMMIT');
    db.pragma('foreign_keys = ON');
    progress('ANALYZE');
    db.exec('ANALYZE');
    return { ...counts, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}
