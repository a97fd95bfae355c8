import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src-server/db/audit.js';
import { runAdmin } from '../../src-server/admin-cli.js';
import { adminOn, builderOutput, sha512Base64 } from './updates-helpers.js';
import { call, readyUser, runAdminCli, seedDirectory, serverTempDir, startTestServer, type TestServer } from './server-helpers.js';

/**
 * `server-admin publish-update --dir <electron-builder output>` and the other update verbs: what is
 * refused (and that a refusal stores nothing), re-publishing, keeping the last N releases, and putting
 * back files that went missing.
 */

const FEED = '/updates/win';
const CHINESE = /[\u4e00-\u9fff]/;

describe('publish-update', () => {
  let ts: TestServer;
  let unit: string;
  const root = serverTempDir();

  beforeAll(async () => {
    ts = await startTestServer();
    const { unit: u } = await seedDirectory(ts.app);
    unit = (await readyUser(ts, 'unit', { unitId: u.id })).token;
  });
  afterAll(async () => ts?.stop());

  const updatesDir = () => path.join(ts.config.blobDir, 'updates');
  const stored = () => (fs.existsSync(updatesDir()) ? fs.readdirSync(updatesDir()).sort() : []);
  const status = async () => JSON.parse((await adminOn(ts, 'update-status', '--json')).out) as { releases: Array<{ version: string }> };

  /** A refusal: exit 2, one Chinese message that says nothing was published, and nothing stored. */
  async function refused(args: string[], says: RegExp): Promise<string> {
    const before = { rows: (await status()).releases.length, folders: stored() };
    const r = await adminOn(ts, ...args);
    expect(r.code, r.out).toBe(2);
    expect(r.err).toMatch(CHINESE);
    expect(r.err).toMatch(says);
    expect((await status()).releases.length).toBe(before.rows);
    expect(stored()).toEqual(before.folders);
    return r.err;
  }

  it('refuses a corrupted installer (same size, one byte changed) and a truncated one, storing nothing', async () => {
    const bad = builderOutput(root, '1.0.0');
    const exe = path.join(bad.dir, bad.installerName);
    const bytes = Buffer.from(bad.installer);
    bytes[1234] = bytes[1234]! ^ 0xff;
    fs.writeFileSync(exe, bytes);
    expect(await refused(['publish-update', '--dir', bad.dir], /SHA-512/)).toMatch(/什么也没有发布/);
    fs.writeFileSync(exe, bad.installer.subarray(0, 1000));
    await refused(['publish-update', '--dir', bad.dir], /不完整/);
    fs.rmSync(exe);
    await refused(['publish-update', '--dir', bad.dir], /没有 latest\.yml 所说的安装程序/);
  });

  it('refuses a latest.yml that is not electron-builder\'s, names a path, or stages by itself', async () => {
    const out = builderOutput(root, '1.0.0');
    const yml = path.join(out.dir, 'latest.yml');
    const good = fs.readFileSync(yml, 'utf8');
    fs.writeFileSync(yml, good.replaceAll(out.installerName, `../${out.installerName}`));
    await refused(['publish-update', '--dir', out.dir], /不含文件夹/);
    fs.writeFileSync(yml, good + 'stagingPercentage: 10\n');
    await refused(['publish-update', '--dir', out.dir], /--rollout/);
    fs.writeFileSync(yml, good.replace('version: 1.0.0', 'version: 1.0'));
    await refused(['publish-update', '--dir', out.dir], /版本号/);
    fs.writeFileSync(yml, 'version: [1, 2\n');
    await refused(['publish-update', '--dir', out.dir], /YAML/);
    fs.rmSync(yml);
    await refused(['publish-update', '--dir', out.dir], /没有 latest\.yml/);
    await refused(['publish-update', '--dir', path.join(root, 'nowhere')], /找不到文件夹/);
    fs.writeFileSync(yml, good);
    await refused(['publish-update', '--dir', out.dir, '--rollout', '150'], /0 到 100/);
    await refused(['publish-update', '--dir', out.dir, '--keep', '1'], /2 到 20/);
    await refused(['publish-update'], /缺少 --dir/);
  });

  it('publishes, re-publishes the same release without change, and refuses other bytes under that version or an older version', async () => {
    // A Chinese name, and a long one: its .blockmap's name is over the router's 100-character parameter limit.
    const v1 = builderOutput(root, '1.0.0', { installerName: `福建省执法人员报名助手-${'Setup'.repeat(18)}-1.0.0.exe` });
    const first = await adminOn(ts, 'publish-update', '--dir', v1.dir);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/已发布版本 1\.0\.0/);
    // The Chinese name, percent-encoded in the URL as electron-updater sends it.
    const exe = await fetch(`${ts.url}${FEED}/${encodeURIComponent(v1.installerName)}`, { headers: { authorization: `Bearer ${unit}` } });
    expect(exe.status).toBe(200);
    expect(sha512Base64(Buffer.from(await exe.arrayBuffer()))).toBe(v1.sha512);
    const blockmapUrl = `${FEED}/${encodeURIComponent(`${v1.installerName}.blockmap`)}`;
    expect(`${v1.installerName}.blockmap`.length).toBeGreaterThan(100);
    const map = await fetch(`${ts.url}${blockmapUrl}`, { headers: { authorization: `Bearer ${unit}` } });
    expect(map.status).toBe(200);
    expect(Buffer.from(await map.arrayBuffer()).equals(v1.blockmap)).toBe(true);

    const again = await adminOn(ts, 'publish-update', '--dir', v1.dir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/已经发布过，文件完好，没有改动/);

    const other = builderOutput(root, '1.0.0', { installerName: v1.installerName });
    await refused(['publish-update', '--dir', other.dir], /已经发布过.*不同/);
    const older = builderOutput(root, '0.9.0');
    await refused(['publish-update', '--dir', older.dir], /不比已发布的 1\.0\.0 新/);
    const audit = await auditFor(ts.app.db, 'update', '1.0.0');
    expect(audit.map((a) => a.action)).toEqual(['update.publish']);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ installer: v1.installerName, rolloutPercent: 100, blockmap: true });
  });

  it('keeps the newest N releases and removes the files of the others', async () => {
    for (const v of ['1.1.0', '1.2.0-beta.1', '1.2.0']) {
      const r = await adminOn(ts, 'publish-update', '--dir', builderOutput(root, v).dir, '--keep', '3');
      expect(r.code, r.err).toBe(0);
    }
    expect((await status()).releases.map((r) => r.version)).toEqual(['1.2.0', '1.2.0-beta.1', '1.1.0']);
    expect(stored()).toEqual(['1.1.0', '1.2.0', '1.2.0-beta.1']);
    expect((await auditFor(ts.app.db, 'update', '1.2.0'))[0]!.detail).toMatch(/"pruned":\["1\.0\.0"\]/);
  });

  it('puts back a release\'s files when the same release is published again after they went missing', async () => {
    const v = builderOutput(root, '1.3.0', { blockmap: false });
    expect((await adminOn(ts, 'publish-update', '--dir', v.dir, '--keep', '3')).code).toBe(0);
    fs.rmSync(path.join(updatesDir(), '1.3.0', 'installer.exe'));
    const exe = await call(ts.url, 'GET', `${FEED}/${v.installerName}`, { token: unit });
    expect(exe.status).toBe(404);
    expect((exe.body as { error: { code: string } }).error.code).toBe('update.file_missing');
    // No blockmap was published with it: asking for one is a plain 404.
    expect((await call(ts.url, 'GET', `${FEED}/${v.installerName}.blockmap`, { token: unit })).status).toBe(404);
    fs.writeFileSync(path.join(v.dir, `${v.installerName}.blockmap`), v.blockmap);
    const r = await adminOn(ts, 'publish-update', '--dir', v.dir, '--keep', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/已补回/);
    const back = await fetch(`${ts.url}${FEED}/${v.installerName}`, { headers: { authorization: `Bearer ${unit}` } });
    expect(sha512Base64(Buffer.from(await back.arrayBuffer()))).toBe(v.sha512);
    expect((await fetch(`${ts.url}${FEED}/${v.installerName}.blockmap`, { headers: { authorization: `Bearer ${unit}` } })).status).toBe(200);
  });

  it('steers from the command line: rollout, pause, resume, point back, with usage errors in Chinese', async () => {
    expect((await adminOn(ts, 'update-rollout', '--percent', '25')).out).toMatch(/1\.3\.0 现在推送给 25%/);
    expect((await adminOn(ts, 'update-pause')).out).toMatch(/已暂停/);
    expect((await adminOn(ts, 'update-status')).out).toMatch(/最新（暂停中）\t推送 25%/);
    expect((await adminOn(ts, 'update-resume')).code).toBe(0);
    const back = await adminOn(ts, 'update-point-back', '--version', '1.2.0');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(/已撤回 1\.3\.0/);
    const bad = await adminOn(ts, 'update-point-back', '--version', '0.1.0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/没有版本 0\.1\.0。现有的版本：1\.3\.0、1\.2\.0/);
    expect((await adminOn(ts, 'update-rollout')).err).toMatch(/缺少 --percent/);
    expect((await adminOn(ts, 'update-rollout', '--percent', 'half')).err).toMatch(/0 到 100/);
  });
});

describe('publish-update as an administrator runs it', () => {
  const root = serverTempDir();

  it('publishes through npm run -s server-admin, and help lists the verbs', async () => {
    const data = path.join(root, 'data');
    const out = builderOutput(root, '3.0.0');
    const r = await runAdminCli(['publish-update', '--dir', out.dir, '--rollout', '10', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已发布版本 3\.0\.0.*推送给 10% 的电脑/);
    expect(fs.readFileSync(path.join(data, 'blobs', 'updates', '3.0.0', 'installer.exe')).equals(out.installer)).toBe(true);
    const help = await runAdminCli(['help']);
    expect(help.stdout).toMatch(/publish-update --dir/);
    expect(help.stdout).toMatch(/update-point-back --version/);
  });

  it('takes a relative --dir from the administrator\'s own folder (INIT_CWD, which npm sets)', async () => {
    const data = path.join(root, 'data2');
    const out = builderOutput(root, '3.1.0');
    const said: string[] = [];
    const code = await runAdmin(['publish-update', '--dir', path.basename(out.dir), '--data', data], { out: (t) => said.push(t), err: (t) => said.push(t) }, { INIT_CWD: root });
    expect(code, said.join('\n')).toBe(0);
    expect(fs.existsSync(path.join(data, 'blobs', 'updates', '3.1.0', 'installer.exe'))).toBe(true);
  });
});
