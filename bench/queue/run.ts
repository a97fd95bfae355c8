// bench/queue: a reviewer's GET /review/pending on a national-size store (issue 20 item 5).
//
//   npm run bench:queue [-- --persons 1000000] [--units N] [--counties N] [--cities N]
//                       [--requests 200] [--warmup 20] [--bare-runs 30] [--stores postgres[,sqlite]]
//
// A province of --persons people (default 1,000,000) in --units 执法单位 (default 3 per 1,000 people) under
// --counties county bureaus (units / 10) under --cities city bureaus (counties / 10), with realistic
// names and ID numbers, two-step review (county, then city), is written straight into a fresh store
// (bench/queue/seed.ts: PostgreSQL by unnest() INSERTs in one transaction, SQLite by prepared INSERTs;
// then VACUUM ANALYZE / ANALYZE). The real server (src-server/main.ts, REVIEW_STAGES=2) is started on it
// on 127.0.0.1, and one reviewer client asks, one request at a time after --warmup requests, --requests
// times each:
//   county  — a typical county bureau's reviewer (the median pending count);
//   busiest — the bureau and level with the most people waiting;
// each: the console's first page (REVIEW_PENDING_PAGE, the longest waiting), a page after the first
// 5,000 (`after`), one unit, one batch (whole, up to REVIEW_PENDING_MAX, as the console asks for 整批通过),
// the resubmitted (`round=again`), a common surname and an ID-number prefix (`q`).
// Beside each: the same SQL bare (the queries the server's own listPending runs, captured from a
// logging Kysely and replayed through `pg` / better-sqlite3 directly), --bare-runs times, and each
// query over the people EXPLAIN ANALYZE'd once (plans printed).
// PostgreSQL is a throwaway cluster (scripts/pg-cluster.mjs) with fsync ON (each request's visit
// record is a durable commit, part of the measure) and shared_buffers=1GB; it and the temp folders are
// removed at the end. Target: p99 under 100 ms for every scenario. Exits 1 if a request failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { cliArgs } from '../lib/measure.js';
import { call, percentile } from '../server/load.js';
import { startCluster, type Cluster } from '../../scripts/pg-cluster.mjs';
import { DB_FILE } from '../../src-server/db/open-db.js';
import { resolveUser } from '../../src-server/accounts/accounts.js';
import { listPending } from '../../src-server/review/review-service.js';
import { REVIEW_PENDING_MAX, type ReviewPendingQuery } from '../../src-shared/contract/sync-api.js';
import { Province } from './province.js';
import { SEED_PASSWORD, seedPostgres, seedSqlite } from './seed.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { bareRunner, capturingDb, type Captured } from './bare-sql.js';
import http from 'node:http';

const { opt } = cliArgs();
const persons = Number(opt('persons', '1000000'));
const unitCount = Number(opt('units', String(Math.max(2, Math.round((persons * 3) / 1000)))));
const countyCount = Number(opt('counties', String(Math.max(2, Math.round(unitCount / 10)))));
const cityCount = Number(opt('cities', String(Math.max(1, Math.round(countyCount / 10)))));
const requests = Number(opt('requests', '200'));
const warmup = Number(opt('warmup', '20'));
const bareRuns = Number(opt('bare-runs', '30'));
const stores = opt('stores', 'postgres').split(',') as Array<'postgres' | 'sqlite'>;
const TARGET_P99_MS = 100;
if (![persons, unitCount, countyCount, cityCount, requests, warmup, bareRuns].every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error('--persons, --units, --counties, --cities, --requests, --warmup and --bare-runs must be positive whole numbers');
}
if (countyCount < cityCount || unitCount < countyCount) throw new Error('need at least one county per city and one unit per county');

const log = (line: string) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${line}`);

console.log(
  `bench/queue on ${os.availableParallelism()} cores (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}), Node ${process.version}: ` +
    `${persons.toLocaleString('en')} persons, ${unitCount} units, ${countyCount} county bureaus, ${cityCount} city bureaus; ` +
    `${requests} timed requests per scenario after ${warmup}, bare SQL ${bareRuns} times`,
);
const province = new Province({ persons, units: unitCount, counties: countyCount, cities: cityCount });

interface Scenario {
  label: string;
  username: string;
  query: ReviewPendingQuery;
  /** EXPLAIN the queries over persons of this one (the first page: the plans that matter most). */
  explain?: boolean;
  /** People waiting in the scenario's filter (the answer's `total`). */
  waiting: number;
}

interface Result {
  store: string;
  scenario: Scenario;
  latencies: number[];
  errors: number;
  firstError: string;
  answerBytes: number;
  answerPersons: number;
  bare: number[];
  queries: number;
}

// ---------------------------------------------------------------------------------------------------
// Which reviewers and filters

interface QueueRow {
  jid: number;
  level: string;
  n: number;
}

/** The median county queue and the longest queue, with each one's largest unit and batch. */
async function pickScenarios(q: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>): Promise<Scenario[]> {
  const queues = (await q(
    `SELECT pending_jurisdiction_id AS jid, pending_level AS level, COUNT(*) AS n FROM persons
      WHERE pending_jurisdiction_id IS NOT NULL GROUP BY pending_jurisdiction_id, pending_level ORDER BY n, jid`,
  )).map((r) => ({ jid: Number(r.jid), level: String(r.level), n: Number(r.n) })) as QueueRow[];
  const countyQueues = queues.filter((x) => x.level === 'county');
  const typical = countyQueues[Math.floor(countyQueues.length / 2)]!;
  const busiest = queues[queues.length - 1]!;
  const out: Scenario[] = [];
  for (const [tag, queue] of [['county', typical], ['busiest', busiest]] as const) {
    const j = province.jurisdiction(queue.jid);
    const who = `${tag} ${j.name} (${queue.level} level)`;
    const username = province.reviewerOf(queue.jid).username;
    const unit = (await q(
      'SELECT unit_id AS id, COUNT(*) AS n FROM persons WHERE pending_jurisdiction_id = ? AND pending_level = ? GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT 1',
      [queue.jid, queue.level],
    ))[0]!;
    const batch = (await q(
      'SELECT batch_id AS id, COUNT(*) AS n FROM persons WHERE pending_jurisdiction_id = ? AND pending_level = ? GROUP BY batch_id ORDER BY n DESC, batch_id LIMIT 1',
      [queue.jid, queue.level],
    ))[0]!;
    const later = Math.min(queue.n, REVIEW_PENDING_MAX + 1) - 1;
    const cursor = (await q(
      'SELECT arrived_at AS a, id FROM persons WHERE pending_jurisdiction_id = ? AND pending_level = ? ORDER BY arrived_at, id LIMIT 1 OFFSET ?',
      [queue.jid, queue.level, later],
    ))[0]!;
    const count = async (extra: string, args: unknown[]) =>
      Number((await q(`SELECT COUNT(*) AS n FROM persons p WHERE p.pending_jurisdiction_id = ? AND p.pending_level = ? AND ${extra}`, [queue.jid, queue.level, ...args]))[0]!.n);
    const surname = '王';
    const someone = (await q('SELECT id_number AS id FROM persons WHERE pending_jurisdiction_id = ? AND pending_level = ? ORDER BY id LIMIT 1', [queue.jid, queue.level]))[0]!;
    const prefix = String(someone.id).slice(0, 10);
    const like = "(p.name LIKE ? ESCAPE '\\' OR p.id_number LIKE ? ESCAPE '\\')";
    out.push({ label: `${who}: first page`, username, query: {}, waiting: queue.n, explain: true });
    out.push({ label: `${who}: a page after ${later + 1}`, username, query: { after: `${String(cursor.a)}|${String(cursor.id)}` }, waiting: queue.n });
    out.push({ label: `${who}: one unit`, username, query: { unitId: Number(unit.id) }, waiting: Number(unit.n) });
    out.push({ label: `${who}: one batch, whole`, username, query: { batchId: String(batch.id), limit: REVIEW_PENDING_MAX }, waiting: Number(batch.n) });
    out.push({ label: `${who}: resubmitted`, username, query: { round: 'again' }, waiting: await count('p.version > 1', []) });
    out.push({ label: `${who}: name has ${surname}`, username, query: { q: surname }, waiting: await count(like, [`%${surname}%`, `${surname}%`]) });
    out.push({ label: `${who}: ID starts ${prefix}`, username, query: { q: prefix }, waiting: await count(like, [`%${prefix}%`, `${prefix}%`]) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The requests

function get(agent: http.Agent, base: URL, pathAndQuery: string, token: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method: 'GET', path: pathAndQuery, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const pathOf = (s: Scenario) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(s.query)) if (v !== undefined) qs.set(k, String(v));
  const text = qs.toString();
  return `/api/v1/review/pending${text ? `?${text}` : ''}`;
};

async function timeScenario(server: ServerProcess, s: Scenario, token: string): Promise<Pick<Result, 'latencies' | 'errors' | 'firstError' | 'answerBytes' | 'answerPersons'>> {
  const base = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const p = pathOf(s);
  let errors = 0;
  let firstError = '';
  let answerBytes = 0;
  let answerPersons = 0;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < warmup + requests; i++) {
      const t = performance.now();
      const a = await get(agent, base, p, token);
      const ms = performance.now() - t;
      if (a.status !== 200) {
        errors++;
        firstError ||= `${p}: ${a.status} ${a.body.toString('utf8').slice(0, 300)}`;
        continue;
      }
      if (i === 0) {
        const body = JSON.parse(a.body.toString('utf8')) as { persons: unknown[]; total: number };
        answerBytes = a.body.length;
        answerPersons = body.persons.length;
        if (body.total !== s.waiting) {
          errors++;
          firstError ||= `${s.label}: the server counts ${body.total} waiting, the seed ${s.waiting}`;
        }
      }
      if (i >= warmup) latencies.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return { latencies, errors, firstError, answerBytes, answerPersons };
}

// ---------------------------------------------------------------------------------------------------
// One store

async function benchStore(store: 'postgres' | 'sqlite'): Promise<{ results: Result[]; plans: string[]; breakdowns: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zfbm-bench-queue-${store}-`));
  let cluster: Cluster | null = null;
  let server: ServerProcess | null = null;
  const cleanup = () => {
    cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    let where: { postgres: string } | { sqliteFile: string };
    let serverArgs: string[];
    if (store === 'postgres') {
      cluster = await startCluster({ durable: true, settings: ['shared_buffers=1GB', 'max_wal_size=4GB'], log: (l) => log(`pg: ${l}`) });
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE zfbm_queue');
      await admin.end();
      const url = cluster.url.replace(/\/postgres$/, '/zfbm_queue');
      where = { postgres: url };
      log('seeding PostgreSQL');
      const c = await seedPostgres(url, province, log);
      log(`seeded ${c.persons} persons, ${c.versions} versions, ${c.decisions} decisions, ${c.batches} batches in ${(c.ms / 1000).toFixed(0)} s`);
      serverArgs = ['--data', path.join(dir, 'data'), '--database-url', url, '--review-stages', '2'];
    } else {
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(dataDir, { recursive: true });
      where = { sqliteFile: path.join(dataDir, DB_FILE) };
      log('seeding SQLite');
      const c = await seedSqlite(dataDir, province, log);
      log(`seeded ${c.persons} persons, ${c.versions} versions, ${c.decisions} decisions, ${c.batches} batches in ${(c.ms / 1000).toFixed(0)} s`);
      serverArgs = ['--data', dataDir, '--review-stages', '2'];
    }

    const scenarios = await scenariosOf(where);
    server = await startServerProcess(serverArgs);
    log(`server ${server.url} (pid ${server.pid})`);
    const tokens = new Map<string, string>();
    for (const s of scenarios) {
      if (tokens.has(s.username)) continue;
      const login = await call(server.url, 'POST', '/api/v1/auth/login', { username: s.username, password: SEED_PASSWORD });
      if (login.status !== 200) throw new Error(`login ${s.username}: ${login.status} ${login.text}`);
      tokens.set(s.username, (login.json as { token: string }).token);
    }

    const results: Result[] = [];
    const plans: string[] = [];
    const breakdowns: string[] = [];
    const capture = capturingDb(where);
    const bare = await bareRunner(where);
    try {
      for (const s of scenarios) {
        const answered = await timeScenario(server, s, tokens.get(s.username)!);
        // The same request's SQL, from the server's own code, then bare.
        const user = await resolveUser(capture.db, s.username);
        capture.take();
        await listPending(capture.db, { user, ip: '127.0.0.1' }, s.query, { session: 'b'.repeat(64), now: new Date(), reviewStages: 2 });
        const queries: Captured[] = capture.take();
        const times: number[] = [];
        const each: number[][] = queries.map(() => []);
        for (let i = 0; i < bareRuns + 3; i++) {
          const ms = await bare.run(queries);
          if (i < 3) continue;
          times.push(ms.reduce((a, b) => a + b, 0));
          ms.forEach((m, k) => each[k]!.push(m));
        }
        results.push({ store, scenario: s, ...answered, bare: times, queries: queries.length });
        // Where the bare time goes: each distinct statement's median, summed over its repeats.
        const byText = new Map<string, { n: number; ms: number }>();
        queries.forEach((q, k) => {
          const key = q.sql.replace(/\s+/g, ' ').trim().slice(0, 90);
          const e = byText.get(key) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += percentile(each[k]!, 50);
          byText.set(key, e);
        });
        breakdowns.push(`--- ${store}, ${s.label}: bare ${percentile(times, 50).toFixed(1)} ms\n${[...byText].map(([t, e]) => `${e.ms.toFixed(2).padStart(8)} ms  ${String(e.n).padStart(3)}×  ${t}`).join('\n')}`);
        const r = results[results.length - 1]!;
        log(`${s.label}: p50 ${percentile(r.latencies, 50).toFixed(1)} p99 ${percentile(r.latencies, 99).toFixed(1)} ms; bare SQL p50 ${percentile(times, 50).toFixed(1)} ms (${queries.length} queries)`);
        if (s.explain) {
          for (const q of queries.filter((x) => /\bpersons\b/.test(x.sql))) {
            plans.push(`--- ${store}, ${s.label}\n${q.sql.replace(/\s+/g, ' ').trim()}\n-- params ${JSON.stringify(q.params)}\n${await bare.explain(q)}`);
          }
        }
      }
    } finally {
      await capture.close();
      await bare.close();
    }
    return { results, plans, breakdowns };
  } finally {
    await server?.stop();
    cleanup();
    process.off('SIGINT', onSignal);
  }
}

async function scenariosOf(where: { postgres: string } | { sqliteFile: string }): Promise<Scenario[]> {
  if ('postgres' in where) {
    const client = new pg.Client({ connectionString: where.postgres });
    await client.connect();
    try {
      return await pickScenarios(async (sql, params = []) => {
        let n = 0;
        return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Array<Record<string, unknown>>;
      });
    } finally {
      await client.end();
    }
  }
  const db = new Database(where.sqliteFile, { readonly: true });
  try {
    return await pickScenarios(async (sql, params = []) => db.prepare(sql).all(...params) as Array<Record<string, unknown>>);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Running and the report

const t0 = performance.now();
const all: Result[] = [];
const allPlans: string[] = [];
const allBreakdowns: string[] = [];
for (const store of stores) {
  const { results, plans, breakdowns } = await benchStore(store);
  all.push(...results);
  allPlans.push(...plans);
  allBreakdowns.push(...breakdowns);
}

console.log('\nPlans (the queries over persons of the first-page request, each EXPLAIN ANALYZE\'d once after the timed runs):');
for (const p of allPlans) console.log(`\n${p}`);

console.log('\nBare SQL per statement (median of the runs; the statements one request runs, in order of first use):');
for (const b of allBreakdowns) console.log(`\n${b}`);

const f = (n: number, w = 7, d = 1) => n.toFixed(d).padStart(w);
console.log(`\nGET /review/pending, one client, ${requests} requests per scenario after ${warmup}; bare SQL: the same queries through ${stores.includes('sqlite') ? 'pg / better-sqlite3' : 'pg'}, ${bareRuns} times`);
console.log(`${'store'.padEnd(9)} ${'scenario'.padEnd(56)} waiting  answer      KB   p50 ms  p95 ms  p99 ms  max ms | bare p50  bare p99  queries  errors`);
let failures = 0;
let firstFailure = '';
for (const r of all) {
  failures += r.errors;
  firstFailure ||= r.firstError;
  const l = r.latencies;
  console.log(
    `${r.store.padEnd(9)} ${r.scenario.label.padEnd(56)} ${String(r.scenario.waiting).padStart(7)}  ${String(r.answerPersons).padStart(6)}  ${f(r.answerBytes / 1024, 6, 0)}` +
      `  ${f(percentile(l, 50))} ${f(percentile(l, 95))} ${f(percentile(l, 99))} ${f(Math.max(...l))} | ${f(percentile(r.bare, 50), 8)}  ${f(percentile(r.bare, 99), 8)}  ${String(r.queries).padStart(7)}  ${String(r.errors).padStart(6)}`,
  );
}
const missed = all.filter((r) => percentile(r.latencies, 99) >= TARGET_P99_MS);
console.log(
  `\ntarget p99 < ${TARGET_P99_MS} ms: ${missed.length === 0 ? 'met in every scenario' : `MISSED in ${missed.map((r) => `${r.store} ${r.scenario.label} (${percentile(r.latencies, 99).toFixed(0)} ms)`).join('; ')}`}`,
);
if (failures > 0) {
  console.log(`\n${failures} requests FAILED; the first: ${firstFailure}`);
  process.exitCode = 1;
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s in all; load average now ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
