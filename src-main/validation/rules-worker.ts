import { parentPort, workerData } from 'node:worker_threads';
import { makeBatchChecker } from './check-batch.js';
import type { FromWorker, RulesInit, ToWorker } from './rules-protocol.js';

/** Worker thread entry: runs the person rules on batches of rows while the main thread parses. */
const port = parentPort!;
try {
  const check = makeBatchChecker(workerData as RulesInit);
  port.on('message', (msg: ToWorker) => {
    try {
      port.postMessage({ type: 'batch', id: msg.id, rows: check(msg.rows) } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
    }
  });
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
}
