import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src-server/app.js';
import { BackupError, backupData, restoreData, type BackupManifest } from '../../src-server/backup/backup.js';
import { collectBlobs } from '../../src-server/blobs/blob-gc.js';
import { defaultConfig } from '../../src-server/config.js';
import { call, readyUser, runAdminCli, seedDirectory, serverTempDir, startTestServer, type TestServer } from './server-helpers.js';
import { batchBody, draftPersons, newBatchId, PDF_BYTES, putBatch, submitNewBatch, uploadBlob } from './sync-helpers.js';

/**
 * server-admin backup / restore (issue 13): a consistent copy while the server works, and back. The
 * SQLite store's backup (its database is in it); PostgreSQL's, which leaves the database to pg_dump, is
 * in test/pg/backup-postgres.test.ts. So these servers are SQLite ones under `npm run test:pg` too.
 */

const hashOf = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;

let ts: TestServer;
let unit: { token: string };
const tmp = serverTempDir();
let backup: string;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi', databaseUrl: null });
  unit = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app)).unit.id });
  await submitNewBatch(ts.url, unit.token, await draftPersons(2, (i) => ({ name: ['张三', '李四'][i]! })), [
    { bytes: PDF_BYTES, kind: '在编证明', fileName: '在编证明.pdf' },
  ]);
});
afterAll(() => ts.stop());

describe('backup while the server takes a push, and restore', () => {
  it('takes a consistent snapshot as a child process during uploads and batch PUTs; the restored folder serves the same batches', async () => {
    // A push that keeps going: upload a photo, send a one-person batch, again, until told to stop.
    let pushing = true;
    const sent: string[] = [];
    const push = (async () => {
      let i = 0;
      while (pushing) {
        const drafts = await draftPersons(1, () => ({ name: `推送${'甲乙丙丁戊己庚辛壬癸'[i % 10]!}` }));
        await uploadBlob(ts.url, unit.token, drafts[0]!.photo);
        const id = newBatchId();
        const res = await putBatch(ts.url, unit.token, id, batchBody([drafts[0]!.person], [], `推送批次${++i}`));
        expect(res.status, res.text).toBe(201);
        sent.push(id);
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const sentBefore = sent.length;
    backup = path.join(tmp, '备份 1');
    const r = await runAdminCli(['backup', '--out', backup, '--data', ts.config.dataDir]);
    const sentAfter = sent.length;
    pushing = false;
    await push;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/备份完成/);
    expect(sentAfter).toBeGreaterThan(sentBefore); // the push really ran during the backup
    expect(fs.existsSync(`${backup}.partial`)).toBe(false);

    // The manifest names every file with its hash and size.
    const manifest = readManifest(backup);
    expect(manifest.files[0]!.path).toBe('server.sqlite3');
    for (const f of manifest.files) {
      const file = path.join(backup, ...f.path.split('/'));
      expect(hashOf(file)).toBe(f.sha256);
      expect(fs.statSync(file).size).toBe(f.size);
    }

    // Restore into a new folder, as a child process too.
    const restored = path.join(tmp, 'restored');
    const rr = await runAdminCli(['restore', '--from', backup, '--data', restored]);
    expect(rr.code, rr.stderr).toBe(0);
    expect(rr.stdout).toMatch(/恢复完成/);
    expect(fs.readdirSync(tmp).filter((n) => n.includes('.restore-'))).toEqual([]);

    const db = new Database(path.join(restored, 'server.sqlite3'), { readonly: true });
    let inSnapshot: string[];
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const sha of db.prepare('SELECT sha256 FROM blobs').pluck().all() as string[]) {
        expect(hashOf(path.join(restored, 'blobs', sha.slice(0, 2), sha))).toBe(sha);
      }
      inSnapshot = db.prepare('SELECT id FROM batches').pluck().all() as string[];
    } finally {
      db.close();
    }
    // Every batch answered before the backup began is in it; what came later may or may not be.
    for (const id of sent.slice(0, sentBefore)) expect(inSnapshot).toContain(id);
    expect(inSnapshot.length).toBeGreaterThan(sentBefore);

    const app = await buildServer(defaultConfig(restored, { logLevel: 'silent', photoSpec: 'guangxi' }), { logger: false, now: ts.clock.now });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const id of inSnapshot) {
        const there = await call(url, 'GET', `/api/v1/batches/${id}`, { token: unit.token });
        const here = await call(ts.url, 'GET', `/api/v1/batches/${id}`, { token: unit.token });
        expect(there.status, there.text).toBe(200);
        expect(there.body).toEqual(here.body);
      }
      for (const f of readManifest(backup).files.slice(1)) {
        const sha = f.path.split('/').pop()!;
        expect((await call(url, 'HEAD', `/api/v1/blobs/${sha}`, { token: unit.token })).status).toBe(200);
      }
    } finally {
      await app.close();
    }
  });

  it('refuses a non-empty --out, a non-empty target and a missing --from with exit 2 and one Chinese line', async () => {
    const full = path.join(tmp, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'keep.txt'), 'x');
    const cases: Array<[string[], RegExp]> = [
      [['backup', '--out', full, '--data', ts.config.dataDir], /已存在且不是空的/],
      [['backup', '--data', ts.config.dataDir], /缺少 --out/],
      [['backup', '--out', path.join(tmp, 'b2'), '--data', path.join(tmp, 'nothing')], /没有同步服务器的数据库/],
      [['restore', '--from', backup, '--data', full], /已存在且不是空的/],
      [['restore', '--from', path.join(tmp, 'nothing'), '--data', path.join(tmp, 'r2')], /没有 manifest\.json/],
    ];
    for (const [args, re] of cases) {
      const r = await runAdminCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(re);
    }
    expect(fs.readdirSync(full)).toEqual(['keep.txt']);
    expect(fs.existsSync(path.join(tmp, 'b2'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'nothing'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'r2'))).toBe(false);
  });
});

describe('an interrupted backup', () => {
  it('never leaves a folder with a manifest before it is complete; a later backup to the same place works', async () => {
    const out = path.join(tmp, 'interrupted');
    // A fault at each step: nothing at --out, and the half-made folder is cleared.
    for (const at of ['database', 'blobs', 'manifest', 'rename'] as const) {
      const fault = backupData(ts.app.store, ts.config, out, {
        onStep: (step) => {
          if (step === at) throw new Error(`fault at ${step}`);
        },
      });
      await expect(fault).rejects.toThrow(`fault at ${at}`);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    }
    // A process killed while copying the files (it never returns from that step): no manifest anywhere.
    let reached!: () => void;
    const atBlobs = new Promise<void>((r) => (reached = r));
    void backupData(ts.app.store, ts.config, out, {
      onStep: (step) => {
        if (step !== 'manifest') return;
        reached();
        return new Promise(() => undefined);
      },
    });
    await atBlobs;
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(path.join(`${out}.partial`, 'server.sqlite3'))).toBe(true);
    expect(fs.existsSync(path.join(`${out}.partial`, 'manifest.json'))).toBe(false);
    await expect(restoreData(`${out}.partial`, path.join(tmp, 'from-partial'))).rejects.toThrow(/没有 manifest\.json/);
    expect(fs.existsSync(path.join(tmp, 'from-partial'))).toBe(false);

    const s = await backupData(ts.app.store, ts.config, out);
    expect(s.blobs).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });
});

describe('restore of a damaged or tampered backup', () => {
  const copyOf = (name: string) => {
    const dir = path.join(tmp, name);
    fs.cpSync(backup, dir, { recursive: true });
    return dir;
  };
  const firstBlob = (dir: string) => readManifest(dir).files.find((f) => f.path.startsWith('blobs/'))!.path;

  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['a changed photo', (dir) => fs.appendFileSync(path.join(dir, ...firstBlob(dir).split('/')), 'x'), /内容与清单不符/],
    ['a missing photo', (dir) => fs.rmSync(path.join(dir, ...firstBlob(dir).split('/'))), /缺少文件/],
    [
      'a changed database',
      (dir) => {
        const fd = fs.openSync(path.join(dir, 'server.sqlite3'), 'r+');
        fs.writeSync(fd, Buffer.from('garbage'), 0, 7, 5000);
        fs.closeSync(fd);
      },
      /server\.sqlite3 的内容与清单不符/,
    ],
    [
      'a photo taken out of the manifest too',
      (dir) => {
        const m = readManifest(dir);
        const gone = firstBlob(dir);
        fs.rmSync(path.join(dir, ...gone.split('/')));
        fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...m, files: m.files.filter((f) => f.path !== gone) }));
      },
      /数据库记录的 1 个文件不在备份里/,
    ],
    [
      'a manifest that names a path outside',
      (dir) => {
        const m = readManifest(dir);
        m.files.push({ path: '../../etc/passwd', sha256: m.files[0]!.sha256, size: 1 });
        fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
      },
      /不该有的文件/,
    ],
    [
      'a damaged database with a manifest to match',
      (dir) => {
        const file = path.join(dir, 'server.sqlite3');
        const size = fs.statSync(file).size;
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.alloc(4096, 0xff), 0, 4096, size - 4096);
        fs.closeSync(fd);
        const m = readManifest(dir);
        m.files[0] = { path: 'server.sqlite3', sha256: hashOf(file), size };
        fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
      },
      /完整性检查没有通过|数据库无法读取/,
    ],
  ];

  it.each(cases)('writes nothing for %s', async (name, tamper, re) => {
    const dir = copyOf(`tampered-${cases.findIndex((c) => c[0] === name)}`);
    tamper(dir);
    const target = path.join(tmp, `target-${cases.findIndex((c) => c[0] === name)}`);
    const before = fs.readdirSync(tmp).sort();
    const err = await restoreData(dir, target).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).toMatch(/没有恢复任何东西/);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(tmp).sort()).toEqual(before);
  });

  it('answers exit 2 from the command line for a tampered backup', async () => {
    const dir = copyOf('tampered-cli');
    fs.appendFileSync(path.join(dir, ...firstBlob(dir).split('/')), 'x');
    const r = await runAdminCli(['restore', '--from', dir, '--data', path.join(tmp, 'target-cli')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/不是一个完整可用的备份.*内容与清单不符/);
    expect(fs.existsSync(path.join(tmp, 'target-cli'))).toBe(false);
  });
});

describe('backup and the clean-up at the same time', () => {
  it('leaves out a file the clean-up removed after the snapshot, and the backup still restores', async () => {
    const other = await startTestServer({ databaseUrl: null });
    try {
      const u = await readyUser(other, 'unit', { unitId: (await seedDirectory(other.app)).unit.id });
      const sha = await uploadBlob(other.url, u.token, PDF_BYTES);
      other.clock.advance(31 * 24 * 60 * 60 * 1000);
      const out = path.join(tmp, 'with-gc');
      const s = await backupData(other.app.store, other.config, out, {
        onStep: async (step) => {
          if (step !== 'blobs') return;
          expect((await collectBlobs(other.app.db, other.config.blobDir, { days: 30, now: other.clock.now() })).blobsRemoved).toBe(1);
        },
      });
      expect(s).toMatchObject({ blobs: 0, collectedMeanwhile: 1 });
      expect(readManifest(out).files.map((f) => f.path)).toEqual(['server.sqlite3']);
      const restored = path.join(tmp, 'with-gc-restored');
      await restoreData(out, restored);
      const db = new Database(path.join(restored, 'server.sqlite3'), { readonly: true });
      try {
        expect(db.prepare('SELECT COUNT(*) FROM blobs WHERE sha256 = ?').pluck().get(sha)).toBe(0);
      } finally {
        db.close();
      }
    } finally {
      await other.stop();
    }
  });
});
