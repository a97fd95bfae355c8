// bench/eligibility — 培训达标 / 可打印准考证 (issue 19 item 3) at province scale, beside better-sqlite3
// reading the same rows with bare SQL (no zod, no JSON.parse, no rule, no sorting) in the same run.
//
//   npm run bench:eligibility [-- --runs 20] [--persons 100000] [--units 300] [--desktop 5000,50000]
//                             [--desktop-runs 7] [--pause-ms 1000] [--parts server,desktop]
//
// 1. Server: a temp server store gets 3 cities × 10 counties × 10 units and --persons approved people
//    (plus a fifth as many rejected ones, which the answer must skip) spread evenly over the units, one
//    batch per unit (a third without an exam, a third for an exam of 6 学时 / 1 mock exam, a third for
//    one of 10 / 2), and 2 imported study records per approved person, written straight into SQLite
//    through the server's own migrations in one transaction (the import would take minutes). The real
//    server then runs as a process of its own on 127.0.0.1 (serve.ts) and the administrator GETs
//    /api/v1/admin/eligibility: the first page, one unit's, 可打印 and 不可打印, one warm-up and --runs
//    timed requests each (p50/p95/max), --pause-ms apart (an administrator reading the page; back to
//    back, the server's overload guard answers 503 server.busy: those are counted, waited out and the
//    request asked again, and only the 200s are timed). While each request runs, a second keep-alive connection asks
//    /healthz again and again: its longest wait is how long the server could answer nobody else (the
//    event-loop block). Beside them: eligibilityList() called in this process on the same file (the
//    route's work without HTTP) and the bare SQL of the same two reads (persons+units+batches+exams
//    in the route's order; the study records' id_number and record_json).
// 2. Desktop: a temp desktop store with N approved people of one unit (and N/10 drafts), 2 study records
//    each and two exams in the stored reference data; eligibilityRows() (人员记录's 培训达标, every row,
//    before the 可打印 filter and the page) against the bare SQL of the same reads, once with plain
//    columns and once with the json_extract() the query uses.
// Prints a table and the ratios to the bare SQL. Targets (stated, not enforced): no server request
// holds the event loop longer than 500 ms; the desktop's 50,000 people under 1 s.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { DB_FILE as SERVER_DB_FILE, openDb } from '../../src-server/db/open-db.js';
import { wrapSqlite } from '../../src-server/db/open-store.js';
import { eligibilityList } from '../../src-server/training/eligibility-service.js';
import { sqliteEligibilityRows } from '../../src-server/training/eligibility-rows.js';
import { eligibilityQuerySchema } from '../../src-shared/contract/sync-training.js';
import type { ExamSummary } from '../../src-shared/contract/sync-exams.js';
import { examTaskState } from '../../src-shared/exam-status.js';
import { eligibilityRows } from '../../src-main/training/eligibility-query.js';
import { openStore, type Db as DesktopDb } from '../../src-main/store/open-store.js';
import { saveReference } from '../../src-main/sync/reference-store.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { GUANGXI_2026_WINDOWS } from '../../test/helpers/exam-fixtures.js';
import { BENCH_DIR, cliArgs, median } from '../lib/measure.js';

const { opt } = cliArgs();
const runs = Number(opt('runs', '20'));
const personsWanted = Number(opt('persons', '100000'));
const unitsWanted = Number(opt('units', '300'));
const desktopSizes = opt('desktop', '5000,50000').split(',').filter(Boolean).map(Number);
const desktopRuns = Number(opt('desktop-runs', '7'));
const pauseMs = Number(opt('pause-ms', '1000'));
const parts = new Set(opt('parts', 'server,desktop').split(','));
if (![runs, personsWanted, unitsWanted, desktopRuns, ...desktopSizes].every((n) => Number.isInteger(n) && n > 0) || unitsWanted < 30) {
  throw new Error('--runs, --persons, --desktop and --desktop-runs must be positive whole numbers, --units at least 30');
}

const RECORDS_EACH = 2;
const NOW = new Date('2026-10-01T04:00:00Z');
const pct = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));

/** Times `work` once for warm-up and then `n` times. */
/** As timed, for work that answers a promise (awaited, one run at a time). */
async function timedAsync(n: number, work: () => Promise<unknown>): Promise<number[]> {
  await work();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

function timed(n: number, work: () => unknown): number[] {
  work();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    work();
    out.push(performance.now() - t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Fixtures shared by both stores: names sorted by zh-CN collation, and study records whose facts vary

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌波辉宁';
const personName = (k: number) => `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}${k % 3 === 0 ? '' : GIVEN[(k * 13) % GIVEN.length]}`;
const idNumber = (k: number) => `4501${String(19700101 + (k % 28)).padStart(8, '0')}${String(k).padStart(6, '0')}`;

/**
 * Person k's two records (学习总时长 ×3, 考试状态, 考试完成时间), five kinds: 3.5 学时 and no mock exam;
 * 7 and one; 12 and two; 5.5 and none; 10 and one. So 可打印 depends on the exam's numbers.
 */
function recordsOf(k: number): Array<{ startedAt: string; json: string }> {
  const kinds: Array<Array<[string[], string, string]>> = [
    [[['2', '2', '0'], '未考试', ''], [['1.5', '', ''], '未考试', '']],
    [[['4学时', '4学时', '4学时'], '已考试', '2026-09-20 10:00:00'], [['3', '0', '0'], '未考试', '']],
    [[['6', '6', '6'], '已考试', '2026-09-20 10:00:00'], [['6', '6', '6'], '已考试', '2026-09-21 10:00:00']],
    [[['5', '0', '0'], '未考试', ''], [['0.5', '0.5', '0.5'], '', '']],
    [[['8', '8', '8'], '已考试', '2026-09-22 10:00:00'], [['2', '2', '2'], '未考试', '']],
  ];
  return kinds[k % kinds.length]!.slice(0, RECORDS_EACH).map(([studyDurations, examStatus, examFinishedAt], i) => {
    const startedAt = `2026-09-${String(10 + i).padStart(2, '0')} 09:00:00`;
    const record = {
      phone: `138${String(k).padStart(8, '0')}`, region: '广西壮族自治区南宁市', unitName: '某执法单位', updatedAt: '2026-09-25 12:00:00',
      startedAt, studyStatus: '已完成', endedAt: '2026-09-25 12:00:00', examStatus, examScore: examStatus === '已考试' ? '86' : '', examFinishedAt, studyDurations,
    };
    return { startedAt, json: JSON.stringify(record) };
  });
}

// ---------------------------------------------------------------------------------------------------
// Part 1: the server

interface Sample {
  ms: number;
  status: number;
  bytes: number;
}

function get(agent: http.Agent, base: URL, pathname: string, headers: Record<string, string> = {}): Promise<Sample> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, method: 'GET', path: pathname, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function post(base: URL, pathname: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(new URL(pathname, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

interface ServerStore {
  dataDir: string;
  admin: { username: string; password: string };
  oneUnit: number;
  seedMs: number;
}

async function seedServer(dataDir: string): Promise<ServerStore> {
  const db = openDb(dataDir);
  // The accounts through the server's own functions (async, over the same connection); the bulk rows straight in.
  const sql = wrapSqlite(db).db;
  try {
    const actor: Actor = { userId: null, name: 'bench', now: () => NOW };
    const units: number[] = [];
    const perCounty = Math.ceil(unitsWanted / 30);
    for (let c = 1; c <= 3; c++) {
      const city = await addJurisdiction(sql, { name: `第${c}市司法局`, level: 'city', parentId: null }, actor);
      for (let k = 1; k <= 10; k++) {
        const county = await addJurisdiction(sql, { name: `第${c}市第${k}区司法局`, level: 'county', parentId: city.id }, actor);
        for (let u = 1; u <= perCounty && units.length < unitsWanted; u++) units.push((await addUnit(sql, { name: `第${c}市第${k}区第${u}执法单位`, jurisdictionId: county.id }, actor)).id);
      }
    }
    const clerk = (await addUser(sql, { username: 'bench_unit', role: 'unit', unitId: units[0]!, jurisdictionId: null }, actor)).user;
    const { initialPassword } = await addUser(sql, { username: 'bench_admin', role: 'admin', unitId: null, jurisdictionId: null }, actor);

    const t = performance.now();
    const iso = NOW.toISOString();
    db.transaction(() => {
      const exam = db.prepare(
        `INSERT INTO exams (id, name, category, registration_start, registration_end, exam_start, exam_end, last_day, fee_yuan, created_at, updated_at,
                            study_hours_required, mock_exams_required)
         VALUES (?, ?, '综合法律知识考试', '2026-08-15', '2026-09-18', '2026-10-25', '2026-11-05', '2026-11-05', 200, ?, ?, ?, ?)`,
      );
      exam.run(1, '2026年度考试甲', iso, iso, 6, 1);
      exam.run(2, '2026年度考试乙', iso, iso, 10, 2);
      const batch = db.prepare(
        "INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at, exam_id) VALUES (?, ?, 'new', '批次', ?, ?, 'bench', ?, ?, ?, ?)",
      );
      const person = db.prepare(
        "INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, updated_at) VALUES (?, ?, ?, 'new', 1, ?, ?, ?, ?)",
      );
      const record = db.prepare(
        `INSERT INTO study_records (id_number, started_key, unit_id, person_id, name, record_json, source_sha256, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const sha = 'b'.repeat(64);
      const perUnit = Math.ceil(personsWanted / units.length);
      let made = 0;
      for (const [ui, unitId] of units.entries()) {
        const batchId = `00000000-0000-4000-8000-${String(ui).padStart(12, '0')}`;
        batch.run(batchId, unitId, `B${ui}`, iso, clerk.id, iso, iso, ui % 3 === 0 ? null : (ui % 3));
        for (let i = 0; i < perUnit && made < personsWanted; i++, made++) {
          const at = new Date(NOW.getTime() - ((made * 7919) % 5_000_000) * 1000).toISOString();
          const id = Number(person.run(batchId, unitId, `p${i}`, idNumber(made), personName(made), 'approved', at).lastInsertRowid);
          for (const r of recordsOf(made)) record.run(idNumber(made), r.startedAt, unitId, id, personName(made), r.json, sha, iso, iso);
          // A fifth as many rejected people, whom the answer must skip.
          if (i % 5 === 0) person.run(batchId, unitId, `r${i}`, idNumber(personsWanted + made), personName(made + 1), 'rejected', at);
        }
      }
    })();
    db.pragma('optimize');
    return { dataDir, admin: { username: 'bench_admin', password: initialPassword }, oneUnit: units[Math.floor(units.length / 2)]!, seedMs: performance.now() - t };
  } finally {
    db.close();
  }
}

const sleep = (n: number) => new Promise((resolve) => setTimeout(resolve, n));

/**
 * The request, asked again after a pause while the server's overload guard refuses it (503
 * server.busy: the event loop was held for about a second on average); every answer is counted.
 */
async function untilServed(f: { statuses: Map<number, number> }, ask: () => Promise<Sample>): Promise<Sample> {
  for (;;) {
    const r = await ask();
    f.statuses.set(r.status, (f.statuses.get(r.status) ?? 0) + 1);
    if (r.status !== 503) return r;
    await sleep(1100);
  }
}

class ServerProcess {
  private constructor(
    private readonly proc: ChildProcess,
    readonly url: URL,
  ) {}

  static async start(dataDir: string): Promise<ServerProcess> {
    const proc = fork(path.join(BENCH_DIR, 'eligibility', 'serve.ts'), ['--data', dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`bench server exited ${code} before it was ready`)));
      proc.once('message', (m: { url: string }) => resolve(m.url));
    });
    return new ServerProcess(proc, new URL(url));
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.send('stop');
    await exited;
  }
}

interface Scenario {
  label: string;
  query: string;
}

interface ServerFigures {
  label: string;
  http: number[];
  /** Per request: the longest /healthz wait while it ran. */
  blocked: number[];
  statuses: Map<number, number>;
  answerKB: number;
  rows: string;
  inProcess: number[];
  bare: number[];
  /** The two SELECTs of `bare` one at a time: persons, study records. */
  bareParts: [number[], number[]];
}

async function serverPart(): Promise<void> {
  const store = await seedServer(path.join(root, 'server'));
  console.log(
    `server store: ${personsWanted} approved people (+${Math.ceil(personsWanted / 5)} rejected) in ${unitsWanted} units, ` +
      `${personsWanted * RECORDS_EACH} study records; seeded in ${(store.seedMs / 1000).toFixed(1)} s; ` +
      `file ${(fs.statSync(path.join(store.dataDir, SERVER_DB_FILE)).size / 1024 / 1024).toFixed(0)} MB`,
  );
  const scenarios: Scenario[] = [
    { label: '第一页 (全部, 100 rows)', query: '' },
    { label: '一个单位', query: `unitId=${store.oneUnit}` },
    { label: '可打印', query: 'filter=eligible' },
    { label: '不可打印', query: 'filter=not_eligible' },
  ];

  const server = await ServerProcess.start(store.dataDir);
  const figures: ServerFigures[] = [];
  let idleProbe: number[] = [];
  try {
    const login = await post(server.url, '/api/v1/auth/login', store.admin);
    if (login.status !== 200) throw new Error(`admin login: ${login.status} ${JSON.stringify(login.json)}`);
    const token = String(login.json.token);
    const changed = await post(server.url, '/api/v1/auth/change-password', { oldPassword: store.admin.password, newPassword: 'BenchChanged2026' }, token);
    if (changed.status !== 200) throw new Error(`admin change-password: ${changed.status} ${JSON.stringify(changed.json)}`);
    const auth = { authorization: `Bearer ${token}` };
    const main = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = new http.Agent({ keepAlive: true, maxSockets: 1 });
    idleProbe = [];
    for (let i = 0; i < 50; i++) idleProbe.push((await get(probe, server.url, '/healthz')).ms);

    for (const s of scenarios) {
      const pathname = `/api/v1/admin/eligibility${s.query ? `?${s.query}` : ''}`;
      const f: ServerFigures = { label: s.label, http: [], blocked: [], statuses: new Map(), answerKB: 0, rows: '', inProcess: [], bare: [], bareParts: [[], []] };
      const first = await untilServed(f, () => get(main, server.url, pathname, auth));
      if (first.status !== 200) throw new Error(`${s.label}: warm-up answered ${first.status}`);
      f.answerKB = first.bytes / 1024;
      for (let i = 0; i < runs; i++) {
        await sleep(pauseMs);
        let done = false;
        let waits: number[] = [];
        const probing = (async () => {
          while (!done) waits.push((await get(probe, server.url, '/healthz')).ms);
        })();
        const r = await untilServed(f, () => {
          waits = [];
          return get(main, server.url, pathname, auth);
        });
        done = true;
        await probing;
        if (r.status !== 200) throw new Error(`${s.label}: answered ${r.status}`);
        f.http.push(r.ms);
        f.blocked.push(Math.max(0, ...waits));
      }
      figures.push(f);
    }
    main.destroy();
    probe.destroy();
  } finally {
    await server.stop();
  }

  // The same work in this process, on the same file, with the server stopped (nothing else running).
  const db = new Database(path.join(store.dataDir, SERVER_DB_FILE), { readonly: true });
  try {
    const personsSql = (unit: boolean) => `
      SELECT p.id, p.name, p.id_number, p.unit_id, u.name AS unit_name, e.name AS exam_name, e.study_hours_required, e.mock_exams_required
      FROM persons p JOIN units u ON u.id = p.unit_id JOIN batches b ON b.id = p.batch_id LEFT JOIN exams e ON e.id = b.exam_id
      WHERE p.status = 'approved'${unit ? ' AND p.unit_id = ?' : ''} ORDER BY p.updated_at DESC, p.id DESC`;
    const recordsSql = (unit: boolean) => `SELECT id_number, record_json FROM study_records${unit ? ' WHERE unit_id = ?' : ''}`;
    for (const [i, s] of scenarios.entries()) {
      const q = eligibilityQuerySchema.parse(Object.fromEntries(new URLSearchParams(s.query)));
      const answer = await eligibilityList(sqliteEligibilityRows(db, true), q);
      const f = figures[i]!;
      f.rows = `${answer.rows.length} of ${answer.total} (${answer.eligible} 可打印, ${answer.notEligible} 不可打印)`;
      f.inProcess = await timedAsync(Math.min(runs, 7), () => eligibilityList(sqliteEligibilityRows(db, true), q));
      const unit = q.unitId !== undefined;
      const people = db.prepare(personsSql(unit));
      const records = db.prepare(recordsSql(unit));
      const args = unit ? [q.unitId] : [];
      f.bare = timed(Math.min(runs, 7), () => [people.all(...args), records.all(...args)]);
      f.bareParts = [timed(Math.min(runs, 7), () => people.all(...args)), timed(Math.min(runs, 7), () => records.all(...args))];
    }
  } finally {
    db.close();
  }

  console.log(
    `\nGET /api/v1/admin/eligibility, ${runs} requests each after a warm-up (HTTP: wall time at the client; /healthz: the longest wait of a second\n` +
      `connection asking /healthz again and again while the request ran, i.e. how long the server answered nobody; idle /healthz p50 ` +
      `${ms(median(idleProbe))}, max ${ms(Math.max(...idleProbe))}). In-process: eligibilityList() on the same file, median of ${Math.min(runs, 7)};\n` +
      `bare: better-sqlite3 .all() of the same two SELECTs, median of ${Math.min(runs, 7)}.\n`,
  );
  console.log(`  ${pad('', 24)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  ${'/healthz p50'.padStart(12)} ${'max'.padStart(9)}  ${'in-proc'.padStart(9)} ${'bare SQL'.padStart(9)}  ${'HTTP/bare'.padStart(9)} ${'proc/bare'.padStart(9)}  answer`);
  for (const f of figures) {
    const statuses = [...f.statuses].map(([s, n]) => (s === 200 ? '' : `; ${n}×${s} (refused, asked again)`)).join('');
    console.log(
      `  ${pad(f.label, 24)} ${ms(median(f.http)).padStart(9)} ${ms(pct(f.http, 95)).padStart(9)} ${ms(Math.max(...f.http)).padStart(9)}  ` +
        `${ms(median(f.blocked)).padStart(12)} ${ms(Math.max(...f.blocked)).padStart(9)}  ${ms(median(f.inProcess)).padStart(9)} ${ms(median(f.bare)).padStart(9)}  ` +
        `${(median(f.http) / median(f.bare)).toFixed(1).padStart(8)}x ${(median(f.inProcess) / median(f.bare)).toFixed(1).padStart(8)}x  ` +
        `${f.answerKB.toFixed(0)} KB, ${f.rows}; bare persons ${ms(median(f.bareParts[0]))} + records ${ms(median(f.bareParts[1]))}${statuses}`,
    );
  }
  const worst = Math.max(...figures.flatMap((f) => f.blocked));
  console.log(`\n  longest event-loop block seen: ${ms(worst)} (target under 500 ms: ${worst < 500 ? 'met' : 'NOT met'})`);
}

// ---------------------------------------------------------------------------------------------------
// Part 2: the desktop

const benchExam = (id: number, studyHours: number, mockExams: number): ExamSummary => ({
  id, name: `2026年度考试${id}`, category: '综合法律知识考试', windows: GUANGXI_2026_WINDOWS, feeYuan: 200, sites: [],
  eligibility: { studyHours, mockExams }, resultsAnnouncedOn: null, state: examTaskState(GUANGXI_2026_WINDOWS, '2026-10-01'),
});

function seedDesktop(db: DesktopDb, n: number): void {
  saveReference(
    db,
    { rulesVersion: '1', codeTables: loadCodeTables(), photoSpec: getPhotoSpec(), reviewStages: 2, serverTime: NOW.toISOString(), exams: [benchExam(1, 6, 1), benchExam(2, 10, 2)] },
    NOW,
  );
  const iso = NOW.toISOString();
  db.transaction(() => {
    const batch = db.prepare("INSERT INTO batches (id, kind, name, number, status, created_at, updated_at, exam_id, exam_name) VALUES (?, 'new', ?, ?, 'submitted', ?, ?, ?, ?)");
    const person = db.prepare(
      "INSERT INTO persons (batch_id, raw_json, name, agency, id_number, exam_category, status, created_at, updated_at) VALUES (?, '{}', ?, '某某执法单位', ?, '综合法律知识考试', ?, ?, ?)",
    );
    const record = db.prepare('INSERT INTO study_records (seq, id_number, name, started_at, record) VALUES (?, ?, ?, ?, ?)');
    const PER_BATCH = 500;
    let seq = 0;
    for (let k = 0; k < n; k++) {
      const b = Math.floor(k / PER_BATCH);
      if (k % PER_BATCH === 0) {
        const examId = b % 3 === 0 ? null : b % 3;
        batch.run(`00000000-0000-4000-8000-${String(b).padStart(12, '0')}`, `批次${b}`, `XZZF20260901-${String(b).padStart(6, '0')}`, iso, iso, examId, examId === null ? '' : `2026年度考试${examId}`);
      }
      const batchId = `00000000-0000-4000-8000-${String(b).padStart(12, '0')}`;
      person.run(batchId, personName(k), idNumber(k), 'approved', iso, iso);
      if (k % 10 === 0) person.run(batchId, personName(k + 1), idNumber(n + k), 'draft', iso, iso);
      for (const r of recordsOf(k)) record.run(++seq, idNumber(k), personName(k), r.startedAt, r.json);
    }
  })();
  db.pragma('optimize');
}

function desktopPart(): void {
  console.log(`\ndesktop: eligibilityRows() (every approved person, before the 可打印 filter and the page), median of ${desktopRuns} after a warm-up`);
  console.log(`  ${'people'.padStart(8)} ${'records'.padStart(8)} ${'rows'.padStart(8)}  ${'query'.padStart(9)} ${'max'.padStart(9)}  ${'bare SQL'.padStart(9)} ${'+json_ext'.padStart(9)}  ${'/bare'.padStart(7)} ${'/json_ext'.padStart(9)}`);
  for (const n of desktopSizes) {
    const dir = path.join(root, `desktop-${n}`);
    const db = openStore(dir);
    try {
      seedDesktop(db, n);
      let rows = 0;
      const query = timed(desktopRuns, () => (rows = eligibilityRows(db, {}).length));
      const people = db.prepare(
        `SELECT p.id, p.name, p.id_number, p.agency, p.exam_category, b.number, b.exam_id, b.exam_name
         FROM persons p JOIN batches b ON b.id = p.batch_id WHERE p.status = 'approved' ORDER BY p.id DESC`,
      );
      const plain = db.prepare('SELECT id_number, record FROM study_records');
      const extracted = db.prepare(
        `SELECT id_number, json_extract(record, '$.studyDurations') AS durations, json_extract(record, '$.examStatus') AS examStatus,
                json_extract(record, '$.examFinishedAt') AS examFinishedAt FROM study_records`,
      );
      const bare = timed(desktopRuns, () => [people.all(), plain.all()]);
      const bareJson = timed(desktopRuns, () => [people.all(), extracted.all()]);
      console.log(
        `  ${String(n).padStart(8)} ${String(n * RECORDS_EACH).padStart(8)} ${String(rows).padStart(8)}  ${ms(median(query)).padStart(9)} ${ms(Math.max(...query)).padStart(9)}  ` +
          `${ms(median(bare)).padStart(9)} ${ms(median(bareJson)).padStart(9)}  ${(median(query) / median(bare)).toFixed(1).padStart(6)}x ${(median(query) / median(bareJson)).toFixed(1).padStart(8)}x`,
      );
    } finally {
      db.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------------

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-eligibility-'));
console.log(`bench/eligibility on ${os.availableParallelism()} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  if (parts.has('server')) await serverPart();
  if (parts.has('desktop')) desktopPart();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
