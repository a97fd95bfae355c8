#!/usr/bin/env node
/**
 * `npm run test:pg [-- vitest args]`: the server's tests against PostgreSQL. Starts a throwaway
 * PostgreSQL cluster (scripts/pg-cluster.mjs: a temp folder, 127.0.0.1 on a free port, fsync off), runs
 * `vitest run test/server test/pg` with ZFBM_TEST_PG_URL pointing at it (each test server gets a fresh
 * database of its own, test/helpers/pg-database.ts), then stops the cluster and removes the folder —
 * also when the tests fail or the run is interrupted. Exits with vitest's code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startCluster } from './pg-cluster.mjs';

const log = (line) => console.log(`[test:pg] ${line}`);

let cluster = null;
let child = null;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    // vitest gets the signal too (same process group on a terminal); make sure it ends.
    if (child && child.exitCode === null) child.kill(signal);
    cluster?.stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

let code = 1;
try {
  cluster = await startCluster({ durable: false, log });
  const url = cluster.url;
  log(`running vitest with ZFBM_TEST_PG_URL=${url}`);
  const extra = process.argv.slice(2);
  // Extra arguments that name test files or folders replace the default ones (npm run test:pg -- test/pg).
  const namesTests = extra.some((a) => !a.startsWith('-') && (a.includes('/') || a.includes('.test') || existsSync(a)));
  const paths = namesTests ? [] : ['test/server', 'test/pg'];
  child = spawn('npx', ['vitest', 'run', ...paths, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, ZFBM_TEST_PG_URL: url },
  });
  code = await new Promise((resolve) => {
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', (e) => {
      console.error(`[test:pg] could not start vitest: ${e.message}`);
      resolve(1);
    });
  });
  log(`vitest exited with ${code}`);
} catch (e) {
  console.error(`[test:pg] ${e instanceof Error ? e.message : String(e)}`);
  const tail = cluster?.logTail();
  if (tail) console.error(`[test:pg] server log:\n${tail}`);
  code = e instanceof Error && e.message.startsWith('PostgreSQL is not installed') ? 2 : 1;
} finally {
  cluster?.stop();
}
process.exit(code);
