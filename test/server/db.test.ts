import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { DbError } from '../../src-server/db/db-error.js';
import { DB_FILE, openDb } from '../../src-server/db/open-db.js';
import { wrapSqlite } from '../../src-server/db/open-store.js';
import { MIGRATIONS } from '../../src-server/db/migrations/index.js';
import { recordAudit } from '../../src-server/db/audit.js';
import { serverTempDir } from './server-helpers.js';

describe('server store', () => {
  const root = serverTempDir();

  it('opens with WAL, synchronous FULL, foreign keys and every migration recorded', () => {
    const db = openDb(path.join(root, 'fresh'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as Array<{ id: number }>;
      expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
      const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>);
      for (const t of ['jurisdictions', 'units', 'users', 'sessions', 'audit_log', 'schema_migrations']) {
        const sql = tables.find((x) => x.name === t)?.sql ?? '';
        expect(sql, t).toMatch(/\)\s*STRICT$/);
      }
    } finally {
      db.close();
    }
    // Opening again applies nothing twice.
    const again = openDb(path.join(root, 'fresh'));
    expect((again.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    again.close();
  });

  it('keeps account rows in shape with CHECK constraints', () => {
    const db = openDb(path.join(root, 'checks'));
    const now = new Date().toISOString();
    try {
      const insertUser = db.prepare(
        `INSERT INTO users (username, role, unit_id, jurisdiction_id, review_level, password_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'h', ?, ?)`,
      );
      expect(() => insertUser.run('r1', 'reviewer', null, null, null, now, now)).toThrow(/CHECK/);
      expect(() => insertUser.run('u1', 'unit', null, null, null, now, now)).toThrow(/CHECK/);
      expect(() => insertUser.run('x1', 'root', null, null, null, now, now)).toThrow(/CHECK/);
      expect(() => insertUser.run('u2', 'unit', 999, null, null, now, now)).toThrow(/FOREIGN KEY/);
      db.prepare("INSERT INTO jurisdictions (name, level, created_at) VALUES ('市', 'city', ?)").run(now);
      expect(() => db.prepare("INSERT INTO jurisdictions (name, level, created_at) VALUES ('县', 'county', ?)").run(now)).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });

  it('keeps the audit log append-only', async () => {
    const store = wrapSqlite(openDb(path.join(root, 'audit')));
    const db = store.sqlite!;
    try {
      await recordAudit(store.db, { at: new Date(), actorUserId: null, actor: 't', action: 'x', entity: 'user', entityId: 1 });
      expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      await store.close();
    }
  });

  it('refuses at start a database made by a newer version, and leaves it untouched', async () => {
    const dir = path.join(root, 'newer');
    openDb(dir).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (99, 'from-the-future', 'x')").run();
    raw.close();
    const before = fs.readFileSync(path.join(dir, DB_FILE));
    let err: unknown;
    try {
      await buildServer(defaultConfig(dir), { logger: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('newer_schema');
    expect((err as Error).message).toMatch(/更新版本的同步服务器.*99.*请升级/);
    expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database with a Chinese message', () => {
    const dir = path.join(root, 'garbage');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, DB_FILE), 'this is not sqlite'.repeat(100));
    expect(() => openDb(dir)).toThrow(/不是同步服务器的数据库或已损坏/);
  });
});
