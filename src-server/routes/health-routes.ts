import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { REPO_ROOT } from '../config.js';
import { checkDbAnswers } from '../db/open-db.js';

/** How long the health check waits for the database's answer. */
const DB_ANSWER_MS = 5000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Below this much free space in the data folder the server reports itself unhealthy. */
export const MIN_FREE_DISK_BYTES = 256 * 1024 * 1024;

export interface HealthOptions {
  /** Default MIN_FREE_DISK_BYTES. */
  minFreeDiskBytes?: number;
}

export interface HealthAnswer {
  status: 'ok' | 'error';
  version: string;
  database: 'ok' | 'error';
  /** Free bytes for this process in the data folder's file system; null when it cannot be read. */
  freeDiskBytes: number | null;
  disk: 'ok' | 'low' | 'unknown';
}

/** The server's version: package.json of the checkout it runs from. */
export function serverVersion(root: string = REPO_ROOT): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `dir`, or the closest folder above it that exists. */
function nearestExisting(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

function freeDiskBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/**
 * GET /healthz, for monitoring (systemd, a load balancer, Zabbix): outside /api/v1, no token. 200
 * `{ status: 'ok', version, database: 'ok', freeDiskBytes, disk: 'ok' }`, or 503 with `status: 'error'`
 * when the store cannot be queried or the data folder's disk is nearly full. Never a path, a count
 * or anything else about the data.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions = {}): void {
  const version = serverVersion();
  const minFree = options.minFreeDiskBytes ?? MIN_FREE_DISK_BYTES;
  app.get('/healthz', { config: { access: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    let database: HealthAnswer['database'] = 'ok';
    try {
      // A database that does not answer within seconds is down for the monitor's purposes (a
      // PostgreSQL behind a dead network would otherwise hold the check until the statement timeout).
      await withTimeout(checkDbAnswers(app.db), DB_ANSWER_MS);
    } catch (e) {
      database = 'error';
      app.log.error({ err: e }, 'health check: the database cannot be queried');
    }
    // The blob folder is where the space goes (on PostgreSQL the data folder holds nothing else); before
    // the first upload it may not exist yet, and the folder it will be made in is measured.
    const free = freeDiskBytes(nearestExisting(app.serverConfig.blobDir));
    const disk: HealthAnswer['disk'] = free === null ? 'unknown' : free < minFree ? 'low' : 'ok';
    const healthy = database === 'ok' && disk !== 'low';
    const body: HealthAnswer = { status: healthy ? 'ok' : 'error', version, database, freeDiskBytes: free, disk };
    return reply.code(healthy ? 200 : 503).header('cache-control', 'no-store').send(body);
  });
}
