import { Worker } from 'node:worker_threads';
import { makeBatchChecker } from './check-batch.js';
import type { FromWorker, RowIn, RowOut, RulesInit } from './rules-protocol.js';

/**
 * Runs the person rules beside the workbook parser. The first rows are checked inline; once a file
 * proves large, the rest go in batches to a worker thread, so checking 50,000 people costs little
 * more wall time than reading them (exceljs's XML parsing holds the main thread; the rules take the
 * other core). A small file never pays for starting the worker. Results come back in row order.
 *
 * Where a worker cannot start (a test runner that cannot load TypeScript in workers), or when the
 * caller asks (`inlineOnly`), everything runs inline: slower, identical results.
 */

const BATCH_ROWS = 256;
/** Rows checked inline before the worker is started: below this, starting a worker costs more than it saves (bench/validate). */
const INLINE_ROWS = 12_000;

export interface RulesRunner {
  push(row: RowIn): void;
  /** All results, in the order the rows were pushed. */
  finish(): Promise<RowOut[]>;
}

export function startRules(init: RulesInit, opts: { inlineOnly?: boolean } = {}): RulesRunner {
  const inline = inlineRunner(init);
  if (opts.inlineOnly === true || !canUseWorker()) return inline;
  let inlineRows = 0;
  let worker: RulesRunner | undefined;
  return {
    push(row) {
      if (inlineRows < INLINE_ROWS) {
        inlineRows += 1;
        inline.push(row);
      } else {
        (worker ??= workerRunner(init)).push(row);
      }
    },
    async finish() {
      const first = await inline.finish();
      return worker ? first.concat(await worker.finish()) : first;
    },
  };
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Run from source, the worker entry is TypeScript, which only tsx (not vitest's transform) can load there. */
function canUseWorker(): boolean {
  return !FROM_SOURCE || process.execArgv.some((a) => a.includes('tsx'));
}

/**
 * Workers do not inherit the parent's `--import tsx` loader hooks, so from source a tiny bootstrap
 * registers tsx in the worker before importing the TypeScript entry. A built app loads the .js entry.
 */
function spawnWorker(init: RulesInit): Worker {
  if (!FROM_SOURCE) return new Worker(new URL('./rules-worker.js', import.meta.url), { workerData: init });
  const entry = new URL('./rules-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

function inlineRunner(init: RulesInit): RulesRunner {
  const check = makeBatchChecker(init);
  const out: RowOut[] = [];
  return {
    push: (row) => void out.push(check([row])[0]!),
    finish: () => Promise.resolve(out),
  };
}

function workerRunner(init: RulesInit): RulesRunner {
  const worker = spawnWorker(init);
  const results: RowOut[][] = [];
  let sent = 0;
  let received = 0;
  let failure: Error | undefined;
  let pending: RowIn[] = [];
  let settle: (() => void) | undefined;

  worker.on('message', (msg: FromWorker) => {
    if (msg.type === 'error') failure ??= new Error(msg.message);
    else {
      results[msg.id] = msg.rows;
      received += 1;
    }
    if (failure || received === sent) settle?.();
  });
  worker.on('error', (e) => {
    failure ??= e;
    settle?.();
  });

  const flush = () => {
    if (pending.length === 0) return;
    worker.postMessage({ type: 'batch', id: sent, rows: pending });
    sent += 1;
    pending = [];
  };

  return {
    push(row) {
      pending.push(row);
      if (pending.length >= BATCH_ROWS) flush();
    },
    async finish() {
      flush();
      try {
        if (!failure && received < sent) await new Promise<void>((resolve) => (settle = resolve));
        if (failure) throw failure;
        return results.flat();
      } finally {
        await worker.terminate();
      }
    },
  };
}
