import { afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests. `npm run test:pg` (scripts/test-pg.mjs) starts a throwaway cluster and sets
 * ZFBM_TEST_PG_URL to its administrator's URL; without it the tests use SQLite as always.
 */
export const testPgUrl: string | undefined = process.env['ZFBM_TEST_PG_URL'] || undefined;

/**
 * A new, empty database of its own (`zfbm_t_<random hex>`) on the test cluster, so that tests running in
 * parallel never see each other's rows. `drop()` removes it, ending any connection still open to it.
 */
export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!testPgUrl) throw new Error('freshPgDatabase needs ZFBM_TEST_PG_URL (run the tests with npm run test:pg)');
  const admin = testPgUrl;
  const name = `zfbm_t_${randomBytes(8).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | null = null;
  return {
    url: url.toString(),
    drop: () => (dropped ??= adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Things to undo when the test file is done (databases to drop, stores to close, folders to remove),
 * undone newest first; one that fails does not stop the rest.
 */
export function undoAfterAll(): Array<() => Promise<void>> {
  const undo: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const u of undo.reverse()) await u().catch(() => undefined);
  });
  return undo;
}

/** A fresh database's URL, dropped with the rest of `undo`. */
export async function freshPgUrl(undo: Array<() => Promise<void>>): Promise<string> {
  const d = await freshPgDatabase();
  undo.push(() => d.drop());
  return d.url;
}
