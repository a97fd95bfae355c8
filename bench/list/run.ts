// bench/list — the person list (人员导入) with 50,000 people in the store, in real Chromium through the
// web bridge (issue 7).
//
//   npm run bench:list [-- --runs 7] [--persons 50000] [--build | --renderer <a renderer build>]
//
// A temp data folder gets one batch of --persons valid people the way a clerk makes it: a filled
// collection template written with exceljs (people-template.ts), imported through the handlers'
// `import.file` in the backend process (serve.ts: desktop backend + web bridge serving out/renderer,
// built first when missing or with --build; --renderer serves another build, e.g. a change to try).
// Headless Chromium opens the window's page and measures,
// after one warm-up, --runs times each (median shown):
//   first page   clicking the batch row (人员导入 opened afresh each run) until its first 50 people
//                and `共有 50000 条数据` are on screen;
//   ID filter    Enter in 按身份证号或姓名查找 with a 10-digit ID prefix (a birth year, ~1/30 of the
//                list; a different year each run) until the filtered page is on screen;
//   name filter  the same with two characters of a name (a given name, a few dozen people);
//   far page     clicking the last page (1000: the largest OFFSET) until it is on screen; page 1 again
//                after each, shown as well.
// Timing is in-page (see in-page.ts for why not Playwright's clock, which is printed beside). Each UI
// run is followed by the same persons.query twice more, bare: with fetch from the page (bridge, JSON,
// schema check, no React) and as the SQL alone in the backend process (queryPersons on its
// connection); the ratios (medians of per-run ratios) show what each layer adds.
// Targets (issue 7): first page <= 300 ms, ID filter <= 100 ms. Exits 1 only if something failed.
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { BENCH_DIR, ROOT, cliArgs, median } from '../lib/measure.js';
import { IN_PAGE, type Expect, type Timing } from './in-page.js';
import { listPeople, writeListTemplate } from './people-template.js';
import type { ListQuery, Peak, Ready, SqlTimes, ToChild, ToParent } from './serve.js';

const { opt, runs } = cliArgs();
const personsWanted = Number(opt('persons', '50000'));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(personsWanted) || personsWanted < 100) {
  throw new Error('--runs must be a positive whole number and --persons at least 100');
}
const PAGE_SIZE = 50; // the people table's page size (src-renderer/pages/ImportPage.tsx)
const TARGET_FIRST_PAGE_MS = 300;
const TARGET_ID_FILTER_MS = 100;
const SETTLE_MS = 150;

// ---------------------------------------------------------------------------------------------------
// The backend process

class Backend {
  private queue: ToParent[] = [];
  private waiting: Array<{ resolve: (m: ToParent) => void; reject: (e: Error) => void }> = [];
  private exited = false;

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: ToParent) => {
      const w = this.waiting.shift();
      if (w) w.resolve(m);
      else this.queue.push(m);
    });
    proc.on('exit', (code) => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w.reject(new Error(`the backend process exited (${code})`));
    });
  }

  next(): Promise<ToParent> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.exited) return Promise.reject(new Error('the backend process has exited'));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async ask<T extends ToParent>(m: ToChild, type: T['type']): Promise<T> {
    this.proc.send(m);
    const r = await this.next();
    if (r.type === 'error') throw new Error(`backend: ${r.message}`);
    if (r.type !== type) throw new Error(`backend answered ${r.type}, expected ${type}`);
    return r as T;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.send({ type: 'stop' } satisfies ToChild);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------
// One scenario: a UI action and the same query bare, per run

interface RunResult {
  ui: Timing;
  pwMs: number;
  fetchMs: number;
  sqlMs: number;
}

interface Step {
  query: ListQuery;
  /** Gets the page ready for the action (not timed). */
  before?: () => Promise<void>;
  /** The timed action. */
  act: () => Promise<void>;
  event: Expect['event'];
}

async function expectation(backend: Backend, query: ListQuery, event: Expect['event']): Promise<Expect> {
  const r = await backend.ask<SqlTimes>({ type: 'sql', queries: [query], repeat: 1 }, 'sql');
  const p = r.pages[0]!;
  return { event, total: p.total, rows: p.rows, firstId: p.firstId, lastId: p.lastId };
}

/**
 * Lets the page and the backend finish what the last step started (React effects, antd's
 * measurements after a render, the previous query) before the next thing is timed: a clerk does not
 * click within milliseconds of the last page appearing, and a bare fetch timed right after a render
 * would wait for that render's leftovers instead of the bridge.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(SETTLE_MS);
  await page.evaluate('window.__listBench.idle()');
}

/** Arms the in-page clock, runs the action, waits for the expected rows; in-page and Playwright times. */
async function timed(page: Page, want: Expect, act: () => Promise<void>): Promise<{ ui: Timing; pwMs: number }> {
  await settle(page);
  await page.evaluate(`window.__listBench.arm(${JSON.stringify(want)})`);
  const t0 = performance.now();
  await act();
  const ui = (await page.evaluate('window.__listBench.wait()')) as Timing;
  return { ui, pwMs: performance.now() - t0 };
}

/** Runs the steps in order; the first `warmUps` are not kept. */
async function scenario(page: Page, backend: Backend, steps: Step[], warmUps = 1): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const [i, step] of steps.entries()) {
    const want = await expectation(backend, step.query, step.event);
    await step.before?.();
    const { ui, pwMs } = await timed(page, want, step.act);
    await settle(page);
    const bare = (await page.evaluate(`window.__listBench.fetchQuery(${JSON.stringify(step.query)})`)) as { ms: number; total: number; firstId: string };
    if (bare.total !== want.total || bare.firstId !== want.firstId) throw new Error(`fetch answered ${bare.total} / ${bare.firstId}, SQL ${want.total} / ${want.firstId}`);
    const sql = await backend.ask<SqlTimes>({ type: 'sql', queries: [step.query], repeat: 1 }, 'sql');
    if (i >= warmUps) out.push({ ui, pwMs, fetchMs: bare.ms, sqlMs: sql.ms[0]! });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Printing

const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const COLUMNS: Array<[string, number]> = [['', 30], ['UI painted', 11], ['(DOM)', 10], ['fetch', 10], ['SQL', 10], ['UI/fetch', 9], ['fetch/SQL', 10], ["Playwright's", 13], ['', 0]];
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join(' ');
const HEADER = `${row(COLUMNS.map(([h]) => h))}\n${row(['', '(in page)', '', '(page)', '(Node)', '', '', 'clock', ''])}`;

function line(label: string, rs: RunResult[], target = ''): string {
  const m = (f: (r: RunResult) => number) => median(rs.map(f));
  const x = (xs: number[]) => `${median(xs).toFixed(1)}x`;
  return row([
    label,
    ms(m((r) => r.ui.paint)),
    `(${ms(m((r) => r.ui.dom))})`,
    ms(m((r) => r.fetchMs)),
    ms(m((r) => r.sqlMs)),
    x(rs.map((r) => r.ui.paint / r.fetchMs)),
    x(rs.map((r) => r.fetchMs / r.sqlMs)),
    ms(m((r) => r.pwMs)),
    target ? `  ${target}` : '',
  ]);
}

/** The 1-minute load average: this machine is shared, and the figures mean little when it is high. */
const loadAverage = () => `1-minute load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;

const BREAKDOWN_COLUMNS: Array<[string, number]> = [['where the UI time goes', 30], ['to request', 11], ['request', 10], ['render', 10], ['frame', 10]];
const BREAKDOWN_HEADER = `${BREAKDOWN_COLUMNS.map(([h, w], i) => (i === 0 ? h.padEnd(w) : h.padStart(w))).join(' ')}`;

/** The UI time split at the app's own request (medians, so the parts need not add up exactly). */
function breakdown(label: string, rs: RunResult[]): string {
  const m = (f: (r: RunResult) => number) => ms(median(rs.map(f)));
  const cells = [label, m((r) => r.ui.sent), m((r) => r.ui.answered - r.ui.sent), m((r) => r.ui.dom - r.ui.answered), m((r) => r.ui.paint - r.ui.dom)];
  return cells.map((c, i) => (i === 0 ? c.padEnd(BREAKDOWN_COLUMNS[i]![1]) : c.padStart(BREAKDOWN_COLUMNS[i]![1]))).join(' ');
}

const verdict = (ms: number, target: number) => (ms <= target ? `<= ${target} ms ok` : `> ${target} ms MISSED`);

// ---------------------------------------------------------------------------------------------------
// The run

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-list-'));
let backend: Backend | undefined;
let browser: Browser | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await backend?.stop().catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  })());
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

let failed = false;
try {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  console.log(`bench/list on ${os.cpus().length} cores, Node ${process.version}, Chromium ${browser.version()} (headless), ${runs} runs each after 1 warm-up (median shown)`);
  console.log(`load      ${loadAverage()} at the start\n`);

  const people = listPeople(personsWanted);
  const template = path.join(work, `采集表-${personsWanted}.xlsx`);
  let t = performance.now();
  await writeListTemplate(template, people);
  console.log(`template  ${personsWanted.toLocaleString('en')} rows written with exceljs in ${((performance.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(template).size / 1024 / 1024).toFixed(1)} MB)`);

  // The renderer is served from a copy taken now, so that a build started meanwhile (npm run
  // test:e2e rebuilds out/renderer) cannot pull the files from under the page.
  const given = opt('renderer', '');
  const built = given ? path.resolve(given) : path.join(ROOT, 'out', 'renderer');
  const index = path.join(built, 'index.html');
  if (!given && (process.argv.includes('--build') || !fs.existsSync(index))) {
    t = performance.now();
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    console.log(`renderer  built with Vite in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else {
    if (!fs.existsSync(index)) throw new Error(`no renderer build in ${built}`);
    console.log(`renderer  ${path.relative(ROOT, built) || built} as built ${fs.statSync(index).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC${given ? '' : ' (--build to rebuild)'}`);
  }
  const staticDir = path.join(work, 'renderer');
  fs.cpSync(built, staticDir, { recursive: true });

  const dataDir = path.join(work, 'data');
  const proc = fork(path.join(BENCH_DIR, 'list', 'serve.ts'), ['--data', dataDir, '--template', template, '--static', staticDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  backend = new Backend(proc);
  const ready = await backend.next();
  if (ready.type !== 'ready') throw new Error(ready.type === 'error' ? `backend: ${ready.message}` : `backend said ${ready.type}`);
  const info: Ready = ready;
  console.log(
    `import    ${info.persons.toLocaleString('en')} people through import.file in ${(info.importMs / 1000).toFixed(1)} s, backend peak RSS ${info.importPeakMB.toFixed(0)} MB;` +
      ` ${info.invalid} with errors (the file has none)${info.garbled > 0 ? `, ${info.garbled} with a character lost in reading (U+FFFD): the .xlsx reader decodes UTF-8 chunk by chunk` : ''}`,
  );
  if (info.persons !== personsWanted) throw new Error(`the batch holds ${info.persons} people, not ${personsWanted}`);
  fs.rmSync(template, { force: true });

  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(`${info.url}/#token=${info.token}`);
  await page.getByText('执法人员报名助手').first().waitFor();
  await page.evaluate(IN_PAGE);

  const menu = (name: string) => page.getByRole('menuitem', { name });
  const batchRow = page.getByRole('row').filter({ hasText: info.batchNumber });
  const search = page.getByPlaceholder('按身份证号或姓名查找');
  const pageItem = (n: number) => page.locator(`li.ant-pagination-item[title="${n}"]`);
  const steps = runs + 1;
  const base = { batchId: info.batchId, text: '', limit: PAGE_SIZE };
  const lastOffset = (Math.ceil(personsWanted / PAGE_SIZE) - 1) * PAGE_SIZE;

  console.log(`\n${HEADER}`);
  // (a) first page: 人员导入 afresh (its state gone), then the click on the batch row.
  const firstPage = await scenario(
    page,
    backend,
    Array.from({ length: steps }, () => ({
      query: { ...base, offset: 0 },
      event: 'click' as const,
      before: async () => {
        await menu('首页').click();
        await menu('人员导入').click();
        await batchRow.waitFor();
      },
      act: () => batchRow.click(),
    })),
  );
  const firstMs = median(firstPage.map((r) => r.ui.paint));
  console.log(line('first page (click the batch)', firstPage, verdict(firstMs, TARGET_FIRST_PAGE_MS)));

  // (b) filters, typed into the search box (not timed) and sent with Enter (timed).
  const filter = (text: string): Step => ({
    query: { ...base, text, offset: 0 },
    event: 'keydown',
    before: () => search.fill(text),
    act: () => search.press('Enter'),
  });
  const years = Array.from({ length: steps }, (_, i) => `350102${1970 + ((i * 7) % 30)}`); // a different year each run
  const idFilter = await scenario(page, backend, years.map(filter));
  const idMs = median(idFilter.map((r) => r.ui.paint));
  console.log(line('ID filter (10-digit prefix)', idFilter, verdict(idMs, TARGET_ID_FILTER_MS)));

  const givenNames = Array.from({ length: steps }, (_, i) => people[(i * 9_973 + 17) % people.length]!.name.slice(1));
  const nameFilter = await scenario(page, backend, givenNames.map(filter));
  console.log(line('name filter (2 characters)', nameFilter));

  // (c) the last page and back to page 1, alternately; the filter cleared first (not timed).
  await scenario(page, backend, [filter('')], 0);
  const lastPage = lastOffset / PAGE_SIZE + 1;
  const paging = await scenario(
    page,
    backend,
    Array.from({ length: 2 * steps }, (_, i) =>
      i % 2 === 0
        ? { query: { ...base, offset: lastOffset }, event: 'click' as const, act: () => pageItem(lastPage).click() }
        : { query: { ...base, offset: 0 }, event: 'click' as const, act: () => pageItem(1).click() },
    ),
    2,
  );
  const farPage = paging.filter((_, i) => i % 2 === 0);
  const backToOne = paging.filter((_, i) => i % 2 === 1);
  console.log(line(`far page (page ${lastPage})`, farPage));
  console.log(line('page 1 again (batch open)', backToOne));
  const all: Array<[string, RunResult[]]> = [
    ['first page (click the batch)', firstPage],
    ['ID filter (10-digit prefix)', idFilter],
    ['name filter (2 characters)', nameFilter],
    [`far page (page ${lastPage})`, farPage],
    ['page 1 again (batch open)', backToOne],
  ];
  console.log(`\n${BREAKDOWN_HEADER}`);
  for (const [label, rs] of all) console.log(breakdown(label, rs));
  console.log('(to request: the event until the app\'s persons.query leaves; request: until its answer is parsed; render: until the rows are in the DOM; frame: until the next frame)');

  const heapMB = (await page.evaluate('window.__listBench.heapMB()')) as number;
  const peak = await backend.ask<Peak>({ type: 'peak', reset: false }, 'peak');
  console.log(
    `\nmemory    backend process (store + bridge): peak RSS ${peak.peakMB.toFixed(0)} MB while serving the list (now ${peak.rssMB.toFixed(0)} MB; ${info.importPeakMB.toFixed(0)} MB during the import); page JS heap ${heapMB.toFixed(0)} MB`,
  );
  console.log(`load      ${loadAverage()} at the end${os.loadavg()[0]! > os.cpus().length / 2 ? ': other work shared the machine, the times above are inflated' : ''}`);
  if (pageErrors.length) {
    failed = true;
    console.log(`page errors: ${pageErrors.join(' | ')}`);
  }
  const ok = firstMs <= TARGET_FIRST_PAGE_MS && idMs <= TARGET_ID_FILTER_MS;
  console.log(
    `\ntargets   first page ${firstMs.toFixed(0)} ms ${verdict(firstMs, TARGET_FIRST_PAGE_MS)}; ID filter ${idMs.toFixed(0)} ms ${verdict(idMs, TARGET_ID_FILTER_MS)}` +
      `\n${ok ? 'all targets met' : 'some targets missed'}`,
  );
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
