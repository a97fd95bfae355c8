import { MIGRATION_0001 } from './0001-accounts.js';

/**
 * Every schema change of the server's database, numbered, applied in order, each once (recorded in
 * schema_migrations). A migration is never edited after release: a change is a new number.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [{ id: 1, name: 'accounts', sql: MIGRATION_0001 }];
