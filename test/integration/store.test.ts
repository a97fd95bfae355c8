import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, DB_FILE } from '../../src-main/store/open-store.js';
import { StoreError } from '../../src-main/store/store-error.js';
import { MIGRATIONS } from '../../src-main/store/migrations/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The local SQLite store: a real database file in a temp data directory. */
const root = tempDir('zfbm-store-');
let n = 0;
const freshDir = () => path.join(root, `data-${++n}`);

describe('opening the store', () => {
  it('creates every table with WAL and foreign keys, and records the applied migrations', () => {
    const dir = freshDir();
    const db = openStore(dir);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'batches', 'blobs', 'evidence', 'persons', 'photos', 'schema_migrations', 'settings']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id, name FROM schema_migrations').all()).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    db.close();
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
  });

  it('applies each migration once: reopening changes nothing', () => {
    const dir = freshDir();
    openStore(dir).close();
    const db = openStore(dir);
    expect((db.prepare('SELECT COUNT(*) AS c FROM schema_migrations').get() as { c: number }).c).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies a later migration to an existing database, keeping its data', () => {
    const dir = freshDir();
    const db1 = openStore(dir);
    db1.prepare("INSERT INTO settings (key, value) VALUES ('unit.name', '福州市公安局')").run();
    db1.close();
    const next = [...MIGRATIONS, { id: 99, name: 'test-extra', sql: 'CREATE TABLE extra (x TEXT) STRICT;' }];
    const db2 = openStore(dir, next);
    expect(db2.prepare("SELECT value FROM settings WHERE key = 'unit.name'").get()).toEqual({ value: '福州市公安局' });
    expect(db2.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
    db2.close();
  });

  it('refuses a database made by a newer version, with a Chinese message, and leaves it untouched', async () => {
    const dir = freshDir();
    openStore(dir, [...MIGRATIONS, { id: 99, name: 'from-the-future', sql: 'CREATE TABLE future (x TEXT) STRICT;' }]).close();
    const before = fs.readFileSync(path.join(dir, DB_FILE));
    expect(() => openStore(dir)).toThrow(StoreError);
    expect(() => openStore(dir)).toThrow(/更新版本.*升级/);
    const r = await runCli(['batches', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/更新版本/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect((db.prepare('SELECT MAX(id) AS m FROM schema_migrations').get() as { m: number }).m).toBe(99);
    db.close();
    expect(fs.readFileSync(path.join(dir, DB_FILE)).length).toBe(before.length);
  });

  it('refuses a file that is not a database', async () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, DB_FILE), '这不是数据库'.repeat(200));
    expect(() => openStore(dir)).toThrow(/不是本程序的数据库或已损坏/);
    const r = await runCli(['batches', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不是本程序的数据库/);
  });

  it('STRICT tables refuse a value of the wrong type, and foreign keys hold', () => {
    const db = openStore(freshDir());
    db.prepare("INSERT INTO batches (id, kind, name, number, created_at, updated_at) VALUES ('b1', 'new', 'n', 'XZZF1', 't', 't')").run();
    expect(() =>
      db.prepare("INSERT INTO persons (batch_id, raw_json, error_count, created_at, updated_at) VALUES ('b1', '{}', '三', 't', 't')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => db.prepare("INSERT INTO persons (batch_id, raw_json, created_at, updated_at) VALUES ('nope', '{}', 't', 't')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO batches (id, kind, name, number, created_at, updated_at) VALUES ('b2', 'other', 'n', 'XZZF2', 't', 't')").run()).toThrow(/CHECK/);
    db.close();
  });
});
