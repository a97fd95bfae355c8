import { parentPort, workerData } from 'node:worker_threads';
import { openDesktopBackend } from '../services/desktop-backend.js';
import { runBackendWorker } from './worker-runtime.js';

/**
 * The backend worker thread's entry (bundled to out/main/backend-worker.js by scripts/build-main.mjs):
 * the SQLite store, the services, the photo work and the background pusher, off the Electron main
 * thread so the window never waits on a synchronous database write or a sharp resize.
 */
process.setSourceMapsEnabled(true);
if (!parentPort) throw new Error('backend-worker must run in a worker thread');
runBackendWorker(parentPort, workerData, openDesktopBackend);
