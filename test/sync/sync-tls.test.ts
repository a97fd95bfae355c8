import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { value } from '../../src-server/db/sql.js';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { hasOpenssl, makePrivateCa, startTlsFront, type PrivateCa } from '../helpers/private-ca.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * An intranet server whose certificate a private CA signed: refused (with a Chinese explanation and
 * nothing sent) until the CA file is given; then login and push work. Certificate checks are never
 * switched off.
 */
const withOpenssl = hasOpenssl();
if (!withOpenssl) console.log('sync-tls: skipped — the openssl command is not installed (CI installs it; see .ci/run).');

const root = tempDir('zfbm-sync-tls-');
const data = path.join(root, 'desk');
let ts: TestServer;
let ca: PrivateCa;
let front: { url: string; close: () => Promise<void> };
let unit: { username: string; password: string };

beforeAll(async () => {
  if (!withOpenssl) return;
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  fs.mkdirSync(path.join(root, 'pki'));
  ca = makePrivateCa(path.join(root, 'pki'));
  front = await startTlsFront(ca, Number(new URL(ts.url).port));
}, 120_000);
afterAll(async () => {
  if (!withOpenssl) return;
  await front.close();
  await ts.stop();
});

const login = (extra: string[], input = `${unit.password}\nTlsTest1234\n`) =>
  runCliWithInput(['login', '--data', data, '--server', front.url, '--username', unit.username, '--proxy', 'none', ...extra], input);

describe.skipIf(!withOpenssl)('a server with a private CA', () => {
  it('is refused without the CA file, with a Chinese explanation, and no password reaches it', async () => {
    const r = await login([]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/证书不受信任/);
    expect(r.stderr).toMatch(/CA 证书/);
    expect(await value(ts.app.db, z.number(), "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'login%'")).toBe(0);
  });

  it('a file that is not a PEM certificate is named as such', async () => {
    const notPem = path.join(root, 'not-a-cert.pem');
    fs.writeFileSync(notPem, 'hello');
    const r = await login(['--ca-file', notPem]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不是 PEM 格式/);
  });

  it('with the CA file: login and push work over TLS', async () => {
    const r = await login(['--ca-file', ca.caFile]);
    expect(r.code, r.stderr).toBe(0);
    const batch = await prepareDesktopBatch(data, 2);
    const push = await runCli(['push', '--data', data, '--batch', batch.number, '--timeout', '60']);
    expect(push.code, push.stderr).toBe(0);
    expect(await value(ts.app.db, z.number(), 'SELECT COUNT(*) FROM persons')).toBe(2);
  });
});
