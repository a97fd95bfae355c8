// bench/list's backend process: the desktop backend (store, services, handlers) over a data folder,
// the 50,000-row template imported through the handlers' `import.file` (timed), and the web bridge
// serving the built renderer: what the window talks to. Driven by bench/list/run.ts over IPC; its
// own peak memory (VmHWM) is reported on request. Not run by hand.
import { openDesktopBackend } from '../../src-main/services/desktop-backend.js';
import { startWebBridge } from '../../src-main/web-bridge.js';
import { MemoryTokenStore } from '../../src-main/sync/token-store.js';
import { queryPersons } from '../../src-main/store/person-query.js';
import type { ImportResult } from '../../src-main/import/import-file.js';
import type { PersonPage, PersonQuery } from '../../src-shared/contract/desktop-api.js';
import { peakMB, resetPeak } from '../lib/process-memory.js';

export type ListQuery = Omit<PersonQuery, 'offset' | 'limit'> & { offset: number; limit: number };

export type ToChild =
  | { type: 'sql'; queries: ListQuery[]; repeat: number }
  | { type: 'peak'; reset: boolean }
  | { type: 'stop' };

export interface Ready {
  type: 'ready';
  url: string;
  token: string;
  batchId: string;
  batchNumber: string;
  persons: number;
  invalid: number;
  importMs: number;
  importPeakMB: number;
  /** People with U+FFFD (a character lost in decoding) in a cell as read: the file has none. */
  garbled: number;
}
/** Per query: the page it answered (for the browser's expectations) and each timed run in ms. */
export interface SqlTimes {
  type: 'sql';
  pages: Array<{ total: number; firstId: string; lastId: string; rows: number }>;
  ms: number[];
}
export interface Peak {
  type: 'peak';
  peakMB: number;
  rssMB: number;
}
export type ToParent = Ready | SqlTimes | Peak | { type: 'error'; message: string };

const send = (m: ToParent) => process.send!(m);
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`--${name} is required`);
  return process.argv[i + 1]!;
};

try {
  const dataDir = arg('data');
  const template = arg('template');
  const backend = openDesktopBackend({
    dataDir,
    tokens: new MemoryTokenStore(),
    runOutbox: false,
    today: () => '2026-11-23',
    actor: { name: '基准测试', now: () => new Date() },
    log: (m, e) => process.stderr.write(`${m}: ${String(e)}\n`),
  });
  const t0 = performance.now();
  const imported = await backend.handlers.handle('import.file', { file: template });
  const importMs = performance.now() - t0;
  if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error)}`);
  const { batch } = imported.value as ImportResult;
  const importPeakMB = peakMB();
  const garbled = backend.db.prepare("SELECT COUNT(*) FROM persons WHERE batch_id = ? AND instr(raw_json, char(65533)) > 0").pluck().get(batch.id) as number;
  resetPeak(); // from here on the peak covers serving the list only
  const bridge = await startWebBridge(backend.handlers, { staticDir: arg('static') });
  send({ type: 'ready', url: bridge.url, token: bridge.token, batchId: batch.id, batchNumber: batch.number, persons: batch.persons, invalid: batch.invalid, importMs, importPeakMB, garbled });

  process.on('message', (m: ToChild) => {
    if (m.type === 'sql') {
      const pages: SqlTimes['pages'] = [];
      const ms: number[] = [];
      for (const q of m.queries) {
        let page: PersonPage | undefined;
        for (let r = 0; r < m.repeat; r++) {
          const s = performance.now();
          page = queryPersons(backend.db, q);
          ms.push(performance.now() - s);
        }
        pages.push({ total: page!.total, rows: page!.rows.length, firstId: page!.rows[0]?.idNumber ?? '', lastId: page!.rows.at(-1)?.idNumber ?? '' });
      }
      send({ type: 'sql', pages, ms });
    } else if (m.type === 'peak') {
      const rssMB = process.memoryUsage().rss / 1024 / 1024;
      send({ type: 'peak', peakMB: peakMB(), rssMB });
      if (m.reset) resetPeak();
    } else {
      void bridge
        .close()
        .then(() => backend.close())
        .finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0)); // the bench died: do not linger
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
}
