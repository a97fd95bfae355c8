// bench/dashboard — 工作概况 (GET /review/dashboard's work) on a server store with 100,000 people.
//
//   npm run bench:dashboard [-- --runs 7] [--persons 100000]
//
// A temp server store gets 2 cities × 10 counties × 10 units (200 units) and --persons people spread
// evenly over them, written straight into SQLite in one transaction (the API would re-check every row
// and take minutes): 30% waiting at the county, 10% passed by the county and waiting at the city,
// 45% finally approved (two decisions and a study account), 15% rejected; a tenth of the rejected
// sent again (a second version, waiting). Times spread over the last 60 days. Then dashboard() — the
// route's whole work but HTTP — for a county reviewer (1/20 of the people in scope), a city reviewer
// (1/2) and an administrator (all), one warm-up and --runs timed runs each (median shown), with each
// query's EXPLAIN QUERY PLAN; then the same without migration 0010's indexes, for comparison.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { openDb, type Db } from '../../src-server/db/open-db.js';
import { wrapSqlite } from '../../src-server/db/open-store.js';
import type { Sql } from '../../src-server/db/sql.js';
import { dashboard } from '../../src-server/review/dashboard-service.js';
import type { Reviewer } from '../../src-server/review/review-service.js';
import { cliArgs, median } from '../lib/measure.js';

const { opt, runs } = cliArgs();
const personsWanted = Number(opt('persons', '100000'));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(personsWanted) || personsWanted < 200) {
  throw new Error('--runs must be a positive whole number and --persons at least 200');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-dashboard-'));
const db = openDb(dir);
// The stores speak through the async Sql layer; seeding and EXPLAIN QUERY PLAN use the connection underneath.
const store = wrapSqlite(db);
const sql = store.db;
try {
  const NOW = new Date('2026-12-02T04:00:00Z');
  const actor: Actor = { userId: null, name: 'bench', now: () => NOW };
  const counties: Array<{ id: number; parentId: number }> = [];
  const units: Array<{ id: number; county: number; city: number }> = [];
  const cities: number[] = [];
  for (let c = 1; c <= 2; c++) {
    const city = await addJurisdiction(sql, { name: `第${c}市司法局`, level: 'city', parentId: null }, actor);
    cities.push(city.id);
    for (let k = 1; k <= 10; k++) {
      const county = await addJurisdiction(sql, { name: `第${c}市第${k}区司法局`, level: 'county', parentId: city.id }, actor);
      counties.push({ id: county.id, parentId: city.id });
      for (let u = 1; u <= 10; u++) units.push({ id: (await addUnit(sql, { name: `第${c}市第${k}区第${u}执法单位`, jurisdictionId: county.id }, actor)).id, county: county.id, city: city.id });
    }
  }
  const clerk = (await addUser(sql, { username: 'bench_unit', role: 'unit', unitId: units[0]!.id, jurisdictionId: null }, actor)).user;
  const countyReviewer = (await addUser(sql, { username: 'bench_county', role: 'reviewer', unitId: null, jurisdictionId: counties[0]!.id }, actor)).user;
  const cityReviewer = (await addUser(sql, { username: 'bench_city', role: 'reviewer', unitId: null, jurisdictionId: cities[0]! }, actor)).user;
  const admin = (await addUser(sql, { username: 'bench_admin', role: 'admin', unitId: null, jurisdictionId: null }, actor)).user;

  const seedStart = performance.now();
  seed(db, units, personsWanted, clerk.id, countyReviewer.id, NOW);
  db.pragma('optimize');
  console.log(`seeded ${personsWanted} people in ${units.length} units in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const callers: Array<[string, Reviewer]> = [
    ['county reviewer', { user: countyReviewer, ip: '' }],
    ['city reviewer', { user: cityReviewer, ip: '' }],
    ['administrator', { user: admin, ip: '' }],
  ];
  const measureAll = async (label: string) => {
    console.log(`\n${label}`);
    for (const [who, r] of callers) {
      const answer = await dashboard(sql, r, NOW, 2);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await dashboard(sql, r, NOW, 2);
        times.push(performance.now() - t);
      }
      const bytes = Buffer.byteLength(JSON.stringify(answer));
      console.log(
        `  ${who.padEnd(16)} median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}); ` +
          `${answer.units.length} units, ${answer.waiting} waiting, ${answer.periods.total.approved + answer.periods.total.rejected} decisions; answer ${(bytes / 1024).toFixed(1)} KB`,
      );
    }
  };
  const showPlans = async (r: Reviewer) => {
    for (const { sql: text, args } of await statementsOf(db, (logged) => dashboard(logged, r, NOW, 2))) {
      console.log(`  ${text.replace(/\s+/g, ' ').slice(0, 110)}…`);
      for (const row of db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...args) as Array<{ detail: string }>) console.log(`      ${row.detail}`);
    }
  };

  await measureAll('with migration 0010\'s indexes');
  for (const [who, r] of callers) {
    const parts = (await statementsOf(db, (logged) => dashboard(logged, r, NOW, 2))).map(({ sql: text, args }) => {
      const stmt = db.prepare(text);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        stmt.all(...args);
        times.push(performance.now() - t);
      }
      return median(times).toFixed(1);
    });
    console.log(`  ${who.padEnd(16)} by query (units, waiting, decisions, resubmissions, study accounts): ${parts.join(' / ')} ms`);
  }
  console.log('\nquery plans (city reviewer)');
  await showPlans(callers[1]![1]);
  db.exec('DROP INDEX persons_waiting_unit; DROP INDEX decisions_person_time; DROP INDEX study_accounts_unit_created;');
  await measureAll('without them');
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The statements `run` sends, with their arguments (for EXPLAIN QUERY PLAN), in the order they were
 * sent: `run` is given a Sql on the same connection that logs every query.
 */
async function statementsOf(db: Db, run: (logged: Sql) => Promise<unknown>): Promise<Array<{ sql: string; args: unknown[] }>> {
  const seen: Array<{ sql: string; args: unknown[] }> = [];
  // Not destroyed: that would close the connection the rest of the bench uses.
  const logged: Sql = new Kysely({
    dialect: new SqliteDialect({ database: db }),
    log: (event) => {
      if (event.level === 'query') seen.push({ sql: event.query.sql, args: [...event.query.parameters] });
    },
  });
  await run(logged);
  return seen;
}

function seed(db: Database.Database, units: ReadonlyArray<{ id: number; county: number; city: number }>, n: number, clerkId: number, reviewerId: number, now: Date): void {
  const sha = 'a'.repeat(64);
  const iso = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
  const DAY = 86_400_000;
  db.transaction(() => {
    db.prepare("INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 1000, 'image/jpeg', ?)").run(sha, iso(60 * DAY));
    const batch = db.prepare(
      "INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at) VALUES (?, ?, 'new', '批次', ?, ?, 'bench', ?, ?, ?)",
    );
    const person = db.prepare(
      "INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, pending_jurisdiction_id, pending_level, updated_at) VALUES (?, ?, ?, 'new', ?, ?, '某某', ?, ?, ?, ?)",
    );
    const version = db.prepare(
      "INSERT INTO person_versions (person_id, version, fields_json, photo_sha256, photo_file_name, content_sha256, submitted_by, submitted_at) VALUES (?, ?, '{}', ?, 'p.jpg', ?, ?, ?)",
    );
    const decision = db.prepare(
      "INSERT INTO decisions (person_id, version, level, jurisdiction_id, result, comment, reviewer_user_id, reviewer_name, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench', ?)",
    );
    const account = db.prepare(
      'INSERT INTO study_accounts (person_id, unit_id, id_number, username, initial_password, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const perUnit = Math.ceil(n / units.length);
    let made = 0;
    for (const [ui, u] of units.entries()) {
      const batchId = `00000000-0000-4000-8000-${String(ui).padStart(12, '0')}`;
      const sent = iso(((ui % 50) + 10) * DAY);
      batch.run(batchId, u.id, `B${ui}`, sent, clerkId, sent, sent);
      for (let i = 0; i < perUnit && made < n; i++, made++) {
        const at = iso(((made * 7919) % (60 * DAY / 1000)) * 1000 + 3600_000);
        const decided = iso(((made * 104729) % (10 * DAY / 1000)) * 1000);
        const kind = made % 20; // 0-5 waiting, 6-7 at the city, 8-16 approved, 17-19 rejected (19: sent again)
        const idNumber = String(110101199001010000 + made);
        const status = kind <= 5 || kind === 19 ? 'submitted' : kind <= 7 ? 'county_approved' : kind <= 16 ? 'approved' : 'rejected';
        const pending = status === 'submitted' ? [u.county, 'county'] : status === 'county_approved' ? [u.city, 'city'] : [null, null];
        const id = Number(person.run(batchId, u.id, `p${i}`, kind === 19 ? 2 : 1, idNumber, status, pending[0], pending[1], at).lastInsertRowid);
        version.run(id, 1, sha, sha, clerkId, at);
        if (kind >= 6) decision.run(id, 1, 'county', u.county, kind >= 17 ? 'rejected' : 'approved', kind >= 17 ? '请核对。' : '', reviewerId, decided);
        if (kind >= 8 && kind <= 16) {
          decision.run(id, 1, 'city', u.city, 'approved', '', reviewerId, decided);
          account.run(id, u.id, idNumber, `某某${made}`, 'x', decided);
        }
        if (kind === 19) version.run(id, 2, sha, sha, clerkId, iso(((made * 31) % (5 * DAY / 1000)) * 1000));
      }
    }
  })();
}
