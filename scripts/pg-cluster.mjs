/**
 * A throwaway PostgreSQL cluster on this machine: `startCluster()` makes a temp folder, initdb's a
 * cluster in it and starts it on 127.0.0.1 on a free port; `stop()` stops it and removes the folder.
 * Used by `npm run test:pg` (scripts/test-pg.mjs, fsync off: tests need no durability) and by the
 * benchmarks (bench/server, bench/queue: fsync ON, because what a commit costs on disk is part of what
 * they measure).
 *
 * PostgreSQL 15's binaries are taken from /usr/lib/postgresql/15/bin (Debian's package `postgresql`),
 * else the newest installed version. PostgreSQL refuses to run as root: as root the cluster runs as the
 * `postgres` user the package made (through runuser), in a folder given to that user.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of initdb and pg_ctl; throws when PostgreSQL is not installed. */
export function findBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(join(root, '15', 'bin', 'initdb'))) return join(root, '15', 'bin');
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). On Debian: apt-get install postgresql');
  }
  return join(root, versions[0], 'bin');
}

/** A port nothing listens on now (the OS picks it; the cluster takes it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the postgres user when we are root; throws with its output on failure. */
function pgTool(bin, args) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  return r.stdout;
}

/** The postgres user's uid (`-u`) or gid (`-g`). */
function idOf(flag) {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  if (r.status !== 0 || !Number.isInteger(n)) throw new Error('we are root, and there is no user "postgres" to run PostgreSQL as (the postgresql package makes it)');
  return n;
}

/**
 * Starts a cluster. Options:
 * - `durable`: false (the default, for tests) runs with fsync, synchronous_commit and full_page_writes
 *   off; true leaves PostgreSQL's defaults (every commit waits for its WAL on disk);
 * - `settings`: more `name=value` server settings (`shared_buffers=1GB`);
 * - `log`: a function given one line per step.
 * Resolves to { url, port, dir, dataDir, logFile, binDir, stop(), logTail() }: `url` is the
 * administrator's (user postgres, database postgres, no password: trust on 127.0.0.1 only); `stop()`
 * (idempotent, synchronous) stops the cluster and removes the folder; `logTail()` is the server log's
 * last lines, for error messages.
 */
export async function startCluster({ durable = false, settings = [], log = () => {} } = {}) {
  const binDir = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'zfbm-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let started = false;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (started) {
      log('stopping PostgreSQL');
      try {
        pgTool(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30']);
      } catch (e) {
        log(e instanceof Error ? e.message : String(e));
      }
    }
    rmSync(dir, { recursive: true, force: true });
    log(`removed ${dir}`);
  };
  const logTail = () => (existsSync(logFile) ? spawnSync('tail', ['-n', '30', logFile], { encoding: 'utf8' }).stdout ?? '' : '');
  try {
    if (asRoot) chownSync(dir, idOf('-u'), idOf('-g'));
    log(`PostgreSQL from ${binDir}${asRoot ? ' (as user postgres: we are root)' : ''}`);
    log(`initdb in ${dataDir}`);
    // C collation (--no-locale): text compares byte by byte, as SQLite compares it.
    pgTool(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-locale', '-E', 'UTF8', '--no-sync']);
    const port = await freePort();
    const fast = durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
    const options = [`-h 127.0.0.1`, `-p ${port}`, `-k ${dir}`, ...[...fast, 'max_connections=300', ...settings].map((s) => `-c ${s}`)].join(' ');
    log(`starting on 127.0.0.1:${port}${durable ? ' (fsync on)' : ' (fsync off)'}`);
    started = true;
    pgTool(join(binDir, 'pg_ctl'), ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, dataDir, logFile, binDir, stop, logTail };
  } catch (e) {
    const tail = logTail();
    stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}${tail ? `\nserver log:\n${tail}` : ''}`);
  }
}
