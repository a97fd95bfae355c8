import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src-server/db/audit.js';
import { builderOutput, adminOn, installId, type BuilderOutput } from './updates-helpers.js';
import { call, expectError, readyUser, seedDirectory, serverTempDir, startTestServer, type TestServer } from './server-helpers.js';

/**
 * The desktop update feed over HTTP (issue 21), as electron-updater's generic provider uses it:
 * `<server>/updates/win/latest.yml` with the sync token and the PC's x-install-id, then the installer
 * and its .blockmap (ranges too). Releases are published with the real `server-admin publish-update`
 * from folders laid out as electron-builder leaves them, and steered through the console's routes.
 */

const FEED = '/updates/win';

/** The rollout rule as README documents it, written out independently of the server's code. */
function documentedBucket(id: string, version: string): number {
  return Number(BigInt('0x' + createHash('sha256').update(`${id}:${version}`).digest('hex')) % 100n);
}

describe('update feed over HTTP', () => {
  let ts: TestServer;
  let unit: string;
  let admin: string;
  const root = serverTempDir();
  let v1: BuilderOutput;
  let v2: BuilderOutput;

  beforeAll(async () => {
    ts = await startTestServer();
    const { unit: u } = await seedDirectory(ts.app);
    unit = (await readyUser(ts, 'unit', { unitId: u.id })).token;
    admin = (await readyUser(ts, 'admin')).token;
    v1 = builderOutput(root, '1.0.0');
    v2 = builderOutput(root, '1.1.0');
  });
  afterAll(async () => ts?.stop());

  /** latest.yml as a PC asks for it; token null: without a sign-in. */
  const latest = (id?: string, token: string | null = unit) =>
    call(ts.url, 'GET', `${FEED}/latest.yml`, { ...(token !== null ? { token } : {}), headers: id ? { 'x-install-id': id } : {} });
  const versionOf = async (id?: string): Promise<string | null> => {
    const r = await latest(id);
    if (r.status === 404) return null;
    expect(r.status, r.text).toBe(200);
    return /^version: (.+)$/m.exec(r.text)![1]!;
  };

  it('refuses a PC without a valid sign-in token, before anything is published and after', async () => {
    expectError(await latest(installId(1), null), 401, 'auth.token_missing');
    expectError(await latest(installId(1), 'not-a-token'), 401, 'auth.token_invalid');
    // Nothing published: the "no update" answer electron-updater reports as ERR_UPDATER_CHANNEL_FILE_NOT_FOUND.
    expectError(await latest(installId(1)), 404, 'update.none');
    expect((await adminOn(ts, 'publish-update', '--dir', v1.dir)).code).toBe(0);
    expectError(await latest(installId(1), null), 401, 'auth.token_missing');
    expectError(await call(ts.url, 'GET', `${FEED}/${v1.installerName}`), 401, 'auth.token_missing');
    expectError(await call(ts.url, 'GET', `${FEED}/${v1.installerName}.blockmap`, { token: 'x'.repeat(43) }), 401, 'auth.token_invalid');
  });

  it('serves latest.yml byte for byte as published, and the installer and blockmap it names', async () => {
    const r = await latest(installId(1));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/yaml/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.text).toBe(fs.readFileSync(path.join(v1.dir, 'latest.yml'), 'utf8'));
    // electron-updater adds ?noCache=… to the channel file's URL.
    expect((await call(ts.url, 'GET', `${FEED}/latest.yml?noCache=1abc`, { token: unit })).text).toBe(r.text);

    const exe = await fetch(`${ts.url}${FEED}/${v1.installerName}`, { headers: { authorization: `Bearer ${unit}` } });
    expect(exe.status).toBe(200);
    expect(exe.headers.get('content-length')).toBe(String(v1.installer.length));
    expect(exe.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await exe.arrayBuffer());
    expect(createHash('sha512').update(bytes).digest('base64')).toBe(v1.sha512);

    // HEAD (a proxy or a download manager asking first): the size, no body.
    const head = await fetch(`${ts.url}${FEED}/${v1.installerName}`, { method: 'HEAD', headers: { authorization: `Bearer ${unit}` } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(v1.installer.length));

    const map = await fetch(`${ts.url}${FEED}/${v1.installerName}.blockmap`, { headers: { authorization: `Bearer ${unit}` } });
    expect(map.status).toBe(200);
    expect(Buffer.from(await map.arrayBuffer()).equals(v1.blockmap)).toBe(true);
  });

  it('answers Range requests: one range, a suffix, several (multipart that electron-updater splits), and past the end', async () => {
    const get = (range: string) => fetch(`${ts.url}${FEED}/${v1.installerName}`, { headers: { authorization: `Bearer ${unit}`, range } });
    const one = await get('bytes=100-199');
    expect(one.status).toBe(206);
    expect(one.headers.get('content-range')).toBe(`bytes 100-199/${v1.installer.length}`);
    expect(Buffer.from(await one.arrayBuffer()).equals(v1.installer.subarray(100, 200))).toBe(true);
    const suffix = await get('bytes=-50');
    expect(Buffer.from(await suffix.arrayBuffer()).equals(v1.installer.subarray(-50))).toBe(true);

    // As DifferentialDownloader asks: several ranges in one header, parsed by its own DataSplitter.
    const ranges = [
      { start: 0, end: 4096 },
      { start: 70_000, end: 70_001 },
      { start: 150_000, end: 260_123 },
    ];
    const multi = await get(`bytes=${ranges.map((r) => `${r.start}-${r.end - 1}`).join(', ')}`);
    expect(multi.status).toBe(206);
    const contentType = multi.headers.get('content-type')!;
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(contentType)?.[1];
    expect(boundary, contentType).toBeTruthy();
    const body = Buffer.from(await multi.arrayBuffer());
    expect(Number(multi.headers.get('content-length'))).toBe(body.length);
    const require = createRequire(import.meta.url);
    const { DataSplitter } = require('electron-updater/out/differentialDownloader/DataSplitter') as {
      DataSplitter: new (...args: unknown[]) => Writable;
    };
    const out = new PassThrough();
    const got: Buffer[] = [];
    out.on('data', (c: Buffer) => got.push(c));
    const tasks = ranges.map((r) => ({ kind: 1, start: r.start, end: r.end }));
    await new Promise<void>((resolve, reject) => {
      const splitter = new DataSplitter(out, { tasks, start: 0, end: tasks.length, oldFileFd: -1 }, new Map(tasks.map((_, i) => [i, i])), boundary, ranges.map((r) => r.end - r.start), resolve, 0, undefined);
      splitter.on('error', reject);
      // Fed in odd-sized pieces, as a network delivers them.
      for (let i = 0; i < body.length; i += 7_777) splitter.write(body.subarray(i, i + 7_777));
    });
    expect(Buffer.concat(got).equals(Buffer.concat(ranges.map((r) => v1.installer.subarray(r.start, r.end))))).toBe(true);

    const past = await get(`bytes=${v1.installer.length + 10}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${v1.installer.length}`);
    // A header we do not understand: the whole file.
    const odd = await get('pages=1-2');
    expect(odd.status).toBe(200);
    expect((await odd.arrayBuffer()).byteLength).toBe(v1.installer.length);
  });

  it('serves only the files of known releases, by name, never a path', async () => {
    for (const name of ['zfbm-setup-9.9.9-x64.exe', '..%2F..%2Fdata%2Fserver.sqlite3', '%2E%2E%2Fupdates', 'installer.exe', 'latest.yml.blockmap']) {
      expectError(await call(ts.url, 'GET', `${FEED}/${name}`, { token: unit }), 404, 'not_found');
    }
  });

  it('stages a release: a PC is in or out by the documented bucket, stable, and stays in as the percentage grows', async () => {
    expect((await adminOn(ts, 'publish-update', '--dir', v2.dir, '--rollout', '30')).code).toBe(0);
    const ids = Array.from({ length: 120 }, (_, i) => installId(i));
    const first = await Promise.all(ids.map((id) => versionOf(id)));
    for (const [i, id] of ids.entries()) expect(first[i], id).toBe(documentedBucket(id, '1.1.0') < 30 ? '1.1.0' : '1.0.0');
    const inCount = first.filter((v) => v === '1.1.0').length;
    expect(inCount).toBeGreaterThan(15);
    expect(inCount).toBeLessThan(60);
    // Asked again: the same answers. Upper case is the same PC.
    expect(await Promise.all(ids.map((id) => versionOf(id)))).toEqual(first);
    expect(await versionOf(ids[0]!.toUpperCase())).toBe(first[0]);
    // Without an install id, or with one that is not a UUID: out of a partial rollout.
    expect(await versionOf()).toBe('1.0.0');
    expect(await versionOf('my-pc')).toBe('1.0.0');

    const raised = await call(ts.url, 'PUT', '/api/v1/admin/updates/rollout', { token: admin, body: { version: '1.1.0', percent: 60 } });
    expect(raised.status, raised.text).toBe(200);
    const later = await Promise.all(ids.map((id) => versionOf(id)));
    for (const [i, v] of first.entries()) if (v === '1.1.0') expect(later[i]).toBe('1.1.0');
    expect(later.filter((v) => v === '1.1.0').length).toBeGreaterThan(inCount);
    // The installer of a staged release is there for the PCs that are in.
    const exe = await fetch(`${ts.url}${FEED}/${v2.installerName}`, { headers: { authorization: `Bearer ${unit}` } });
    expect(exe.status).toBe(200);
    await exe.arrayBuffer();
  });

  it('pause holds the newest release back from every PC; resume gives it back', async () => {
    await call(ts.url, 'PUT', '/api/v1/admin/updates/rollout', { token: admin, body: { version: '1.1.0', percent: 100 } });
    expect(await versionOf(installId(5))).toBe('1.1.0');
    const paused = await call(ts.url, 'PUT', '/api/v1/admin/updates/pause', { token: admin, body: { paused: true } });
    expect(paused.status, paused.text).toBe(200);
    expect((paused.body as { paused: boolean }).paused).toBe(true);
    for (let i = 0; i < 20; i++) expect(await versionOf(installId(i))).toBe('1.0.0');
    await call(ts.url, 'PUT', '/api/v1/admin/updates/pause', { token: admin, body: { paused: false } });
    expect(await versionOf(installId(5))).toBe('1.1.0');
    const lines = await auditFor(ts.app.db, 'update', 'feed');
    expect(lines.map((l) => l.action)).toEqual(['update.pause', 'update.resume']);
  });

  it('points back to an older release: every PC gets it, the newer installer is withdrawn, its blockmap still served', async () => {
    const r = await call(ts.url, 'POST', '/api/v1/admin/updates/point-back', { token: admin, body: { version: '1.0.0' } });
    expect(r.status, r.text).toBe(200);
    const view = r.body as { releases: Array<{ version: string; withdrawn: boolean; current: boolean; rolloutPercent: number }> };
    expect(view.releases.map((x) => [x.version, x.withdrawn, x.current, x.rolloutPercent])).toEqual([
      ['1.1.0', true, false, 100],
      ['1.0.0', false, true, 100],
    ]);
    for (let i = 0; i < 20; i++) expect(await versionOf(installId(i))).toBe('1.0.0');
    expectError(await call(ts.url, 'GET', `${FEED}/${v2.installerName}`, { token: unit }), 404, 'not_found');
    // A PC still running 1.1.0 fetches its blockmap as the base of a differential download.
    expect((await fetch(`${ts.url}${FEED}/${v2.installerName}.blockmap`, { headers: { authorization: `Bearer ${unit}` } })).status).toBe(200);
    // A withdrawn release cannot be rolled out before it is pointed to again.
    expectError(await call(ts.url, 'PUT', '/api/v1/admin/updates/rollout', { token: admin, body: { version: '1.1.0', percent: 50 } }), 409, 'update.conflict');
    const audit = await auditFor(ts.app.db, 'update', '1.0.0');
    expect(audit.map((l) => l.action)).toContain('update.point_back');
    // And forward again.
    expect((await call(ts.url, 'POST', '/api/v1/admin/updates/point-back', { token: admin, body: { version: '1.1.0' } })).status).toBe(200);
    expect(await versionOf(installId(3))).toBe('1.1.0');
  });

  it('lets only administrators steer, with Chinese answers for what cannot be done', async () => {
    expectError(await call(ts.url, 'GET', '/api/v1/admin/updates', { token: unit }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'PUT', '/api/v1/admin/updates/pause', { token: unit, body: { paused: true } }), 403, 'auth.forbidden');
    expectError(await call(ts.url, 'PUT', '/api/v1/admin/updates/rollout', { token: admin, body: { version: '1.1.0', percent: 101 } }), 400, 'request.invalid');
    expectError(await call(ts.url, 'POST', '/api/v1/admin/updates/point-back', { token: admin, body: { version: '0.9.0' } }), 404, 'not_found');
    expect(await versionOf(installId(3))).toBe('1.1.0');
  });
});

describe('a first release rolled out to nobody yet', () => {
  let ts: TestServer;
  const root = serverTempDir();
  afterAll(async () => ts?.stop());

  it('answers "no update" to a PC outside it, and the release to one inside', async () => {
    ts = await startTestServer();
    const { unit: u } = await seedDirectory(ts.app);
    const token = (await readyUser(ts, 'unit', { unitId: u.id })).token;
    const out = builderOutput(root, '2.0.0');
    expect((await adminOn(ts, 'publish-update', '--dir', out.dir, '--rollout', '0')).code).toBe(0);
    expectError(await call(ts.url, 'GET', `${FEED}/latest.yml`, { token, headers: { 'x-install-id': installId(1) } }), 404, 'update.none');
    expect((await adminOn(ts, 'update-rollout', '--percent', '10')).code).toBe(0);
    const ids = Array.from({ length: 60 }, (_, i) => installId(i));
    const inside = ids.find((id) => documentedBucket(id, '2.0.0') < 10)!;
    const outside = ids.find((id) => documentedBucket(id, '2.0.0') >= 10)!;
    expect((await call(ts.url, 'GET', `${FEED}/latest.yml`, { token, headers: { 'x-install-id': inside } })).status).toBe(200);
    expectError(await call(ts.url, 'GET', `${FEED}/latest.yml`, { token, headers: { 'x-install-id': outside } }), 404, 'update.none');
  });
});
