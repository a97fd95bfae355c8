import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupManifest } from '../../src-server/backup/backup.js';
import { pgDumpCommand } from '../../src-server/backup/pg-dump-command.js';
import { testPgUrl } from '../helpers/pg-database.js';
import { readyUser, runAdminCli, seedDirectory, serverTempDir, startTestServer, type TestServer } from '../server/server-helpers.js';
import { draftPersons, PDF_BYTES, submitNewBatch } from '../server/sync-helpers.js';

/**
 * `server-admin backup` on PostgreSQL (issue 20): the database is PostgreSQL's to back up, so the
 * command backs up the blob files only, says so in Chinese with the exact pg_dump command (no
 * password), and never makes something that passes for a database backup. Runs under `npm run test:pg`.
 */
if (!testPgUrl) console.log('test/pg/backup-postgres: skipped, ZFBM_TEST_PG_URL is not set (run `npm run test:pg` for PostgreSQL)');
const suite = testPgUrl ? describe : describe.skip;

const hashOf = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

suite('backup on PostgreSQL', () => {
  let ts: TestServer;
  const tmp = serverTempDir();

  beforeAll(async () => {
    ts = await startTestServer({ photoSpec: 'guangxi' });
    expect(ts.config.databaseUrl).toMatch(/^postgres/);
    const unit = await readyUser(ts, 'unit', { unitId: (await seedDirectory(ts.app)).unit.id });
    await submitNewBatch(ts.url, unit.token, await draftPersons(2), [{ bytes: PDF_BYTES, kind: '在编证明', fileName: '在编证明.pdf' }]);
  });
  afterAll(() => ts.stop());

  it('backs up the files, says the database needs pg_dump (host, port, database; no password), and restore refuses it', async () => {
    // The test cluster trusts every login, so a password in the URL is accepted and must not be shown.
    const url = new URL(ts.config.databaseUrl!);
    url.password = 's3cret-pw';
    const out = path.join(tmp, 'files');
    const r = await runAdminCli(['backup', '--out', out, '--data', ts.config.dataDir, '--database-url', url.toString(), '--blob-dir', ts.config.blobDir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('文件备份完成');
    expect(r.stdout).toMatch(/数据库.*不在这个备份中，本命令没有备份数据库/);
    const dbName = url.pathname.slice(1);
    expect(r.stdout).toContain(`pg_dump --host=${url.hostname} --port=${url.port} --username=postgres --dbname=${dbName} --format=custom --file=`);
    expect(r.stdout).toContain(pgDumpCommand(ts.config.databaseUrl!, `${out}-database.dump`));
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
    expect(r.stdout).not.toMatch(/^备份完成/m);

    // No database file: only the photos and the evidence, each with its hash.
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.database).toBe('postgresql');
    expect(fs.existsSync(path.join(out, 'server.sqlite3'))).toBe(false);
    expect(manifest.files.length).toBe(3);
    for (const f of manifest.files) {
      expect(f.path).toMatch(/^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      expect(hashOf(path.join(out, ...f.path.split('/')))).toBe(f.sha256);
    }

    const json = await runAdminCli(['backup', '--out', path.join(tmp, 'files-json'), '--data', ts.config.dataDir, '--database-url', ts.config.databaseUrl!, '--blob-dir', ts.config.blobDir, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ database: 'postgresql', blobs: 3, pgDump: expect.stringMatching(/^pg_dump /) });

    const restore = await runAdminCli(['restore', '--from', out, '--data', path.join(tmp, 'restored')]);
    expect(restore.code).toBe(2);
    expect(restore.stderr.trim()).toMatch(/PostgreSQL 部署的文件备份.*pg_restore.*没有恢复任何东西/);
    expect(fs.existsSync(path.join(tmp, 'restored'))).toBe(false);
  });
});
