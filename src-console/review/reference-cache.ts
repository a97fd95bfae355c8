import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { callApi, type ConsoleResult } from '../api/console-client.js';

/** The server's code tables, fetched once per page load: they change only with a server upgrade. */
let cached: Promise<ConsoleResult<CodeTables>> | undefined;

export function codeTables(): Promise<ConsoleResult<CodeTables>> {
  cached ??= callApi('GET /reference').then((r) => (r.ok ? { ok: true as const, value: r.value.codeTables } : r));
  void cached.then((r) => {
    if (!r.ok) cached = undefined; // try again next time
  });
  return cached;
}
