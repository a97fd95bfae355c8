import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { validRow, writeTemplate } from '../helpers/template-workbook.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { DB_FILE, openStore } from '../../src-main/store/open-store.js';
import { MIGRATIONS } from '../../src-main/store/migrations/index.js';

/**
 * Issue 14, part 2: the same file imported twice at the same moment (the window and the CLI, a
 * double click) makes one batch. The loser answers as a later import does: exit 0, "已经导入过".
 */
const root = tempDir('zfbm-once-');
let n = 0;
const freshDir = () => path.join(root, `data-${++n}`);
const file = path.join(root, '采集表.xlsx');
const ROWS = 40;

beforeAll(async () => {
  await writeTemplate(file, Array.from({ length: ROWS }, () => validRow()));
});

function counts(dir: string) {
  const db = new Database(path.join(dir, DB_FILE), { fileMustExist: true });
  try {
    return db.prepare('SELECT (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM persons) AS persons, (SELECT COUNT(*) FROM audit_log WHERE action = ?) AS imports').get('batch.import');
  } finally {
    db.close();
  }
}

describe('two imports of the same file at the same moment', () => {
  it('five trials, two CLI processes each, into a new data folder: exactly one batch every time', async () => {
    for (let trial = 1; trial <= 5; trial++) {
      const dir = freshDir();
      const [a, b] = await Promise.all([runCli(['import', '--data', dir, file, '--json']), runCli(['import', '--data', dir, file, '--json'])]);
      expect([a.code, b.code], `trial ${trial}: ${a.stderr} ${b.stderr}`).toEqual([0, 0]);
      const results = [a, b].map((r) => JSON.parse(r.stdout) as { unchanged: boolean; batch: { id: string; persons: number } });
      // One made the batch, the other found it, as a later import would.
      expect(results.map((r) => r.unchanged).sort(), `trial ${trial}`).toEqual([false, true]);
      expect(results[0]!.batch.id).toBe(results[1]!.batch.id);
      expect(results.every((r) => r.batch.persons === ROWS)).toBe(true);
      expect(counts(dir), `trial ${trial}`).toEqual({ batches: 1, persons: ROWS, imports: 1 });
    }
  }, 180_000);

  it('the loser of the race says what a sequential second import says', async () => {
    const dir = freshDir();
    expect((await runCli(['import', '--data', dir, file])).code).toBe(0);
    const again = await runCli(['import', '--data', dir, file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/已经导入过.*没有重复导入/);
    const [x, y] = await Promise.all([runCli(['import', '--data', freshDir(), file]), runCli(['import', '--data', path.join(root, `data-${n}`), file])]);
    const texts = [x, y].map((r) => r.stdout);
    expect(texts.filter((t) => /已导入到新批次/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /已经导入过.*没有重复导入/.test(t))).toHaveLength(1);
  }, 60_000);
});

describe('two imports of the same corrected 问题清单 at the same moment', () => {
  it('one updates the batch, the other finds it updated from these bytes and changes nothing', async () => {
    const dir = freshDir();
    const first = await runCli(['import', '--data', dir, file, '--json']);
    const number = (JSON.parse(first.stdout) as { batch: { number: string } }).batch.number;
    const report = path.join(root, `问题清单-${n}.xlsx`);
    expect((await runCli(['report', '--data', dir, '--batch', number, '--out', report])).code).toBe(0);
    const [a, b] = await Promise.all([runCli(['import', '--data', dir, report, '--json']), runCli(['import', '--data', dir, report, '--json'])]);
    expect([a.code, b.code], `${a.stderr} ${b.stderr}`).toEqual([0, 0]);
    const results = [a, b].map((r) => JSON.parse(r.stdout) as { unchanged: boolean; reimport?: { updated: number } });
    expect(results.map((r) => r.unchanged).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.unchanged)!.reimport).toMatchObject({ updated: ROWS });
    const db = new Database(path.join(dir, DB_FILE), { fileMustExist: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'batch.reimport'").get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT COUNT(*) AS b, (SELECT COUNT(*) FROM persons) AS p FROM batches').get()).toEqual({ b: 1, p: ROWS });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('migration 4: one open batch per source', () => {
  const at = (s: number) => `2026-11-23T09:00:0${s}+08:00`;
  const insert = (db: Database.Database, id: string, number: string, sha: string, kind: string, status: string, created: string) =>
    db
      .prepare(`INSERT INTO batches (id, kind, name, number, status, source_file, source_sha256, created_at, updated_at) VALUES (?, ?, '批次', ?, ?, 'a.xlsx', ?, ?, ?)`)
      .run(id, kind, number, status, sha, created, created);

  it('a store that the race already hit migrates: the earlier twin keeps the source, the later keeps its people, audited', () => {
    const dir = freshDir();
    const old = openStore(dir, MIGRATIONS.filter((m) => m.id < 4));
    const sha = 'a'.repeat(64);
    insert(old, 'first', 'XZZF1', sha, 'new', 'draft', at(1));
    insert(old, 'twin', 'XZZF2', sha, 'new', 'draft', at(2));
    insert(old, 'twin2', 'XZZF3', sha, 'new', 'submitted', at(3));
    insert(old, 'renewal', 'XZZF4', sha, 'renewal', 'draft', at(4));
    insert(old, 'closed', 'XZZF5', sha, 'new', 'closed', at(0));
    insert(old, 'byhand1', 'XZZF6', '', 'new', 'draft', at(5));
    insert(old, 'byhand2', 'XZZF7', '', 'new', 'draft', at(6));
    old.prepare(`INSERT INTO persons (batch_id, raw_json, name, created_at, updated_at) VALUES ('twin', '{}', '王二', ?, ?)`).run(at(2), at(2));
    old.close();

    const db = openStore(dir);
    const rows = db.prepare('SELECT id, source_sha256 AS sha FROM batches ORDER BY number').all() as Array<{ id: string; sha: string }>;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.sha === '' ? '' : 'sha']))).toEqual({
      first: 'sha', twin: '', twin2: '', renewal: 'sha', closed: 'sha', byhand1: '', byhand2: '',
    });
    expect(db.prepare("SELECT COUNT(*) AS n FROM persons WHERE batch_id = 'twin'").get()).toEqual({ n: 1 });
    const audit = db.prepare("SELECT entity_id AS id, old_value AS old FROM audit_log WHERE action = 'batch.source_cleared' ORDER BY entity_id").all();
    expect(audit).toEqual([{ id: 'twin', old: sha }, { id: 'twin2', old: sha }]);
    // From now on a second open batch for the same bytes and kind cannot be written at all.
    expect(() => insert(db, 'again', 'XZZF8', sha, 'new', 'draft', at(7))).toThrow(/UNIQUE/);
    insert(db, 'again', 'XZZF8', sha, 'new', 'closed', at(7));
    db.close();
  });
});
