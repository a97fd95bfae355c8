import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { addUser } from '../../src-server/accounts/accounts.js';
import { loggerOptions } from '../../src-server/logging.js';
import { publishUpdate } from '../../src-server/updates/publish-update.js';
import { CONSOLE_DIR } from './built-pages.js';
import { publishUntilKilled } from './seed/seed-process.js';
import { serverCaller, signInUnit } from './seed/server-seed.js';

/**
 * For console-updates.spec.ts: the real sync server serving the built console, an administrator whose
 * first password change is done, and two releases of the desktop published exactly as
 * `server-admin publish-update --dir` does it, from folders laid out as electron-builder leaves them:
 * 1.4.0 to everyone, then 1.5.0 to 10 % of the PCs. Prints one JSON line and runs until killed;
 * everything is removed on exit.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-updates-'));
const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent' });
const app = await buildServer(config, { consoleDir: CONSOLE_DIR, logger: { ...loggerOptions({ logLevel: 'warn' }), stream: process.stderr } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const call = serverCaller(url);

const seeder = { userId: null, name: 'server-admin (it)', now: () => new Date() };
const initial = (await addUser(app.db, { username: 'sfj_admin', role: 'admin', unitId: null, jurisdictionId: null }, seeder)).initialPassword;
const admin = { username: 'sfj_admin', password: 'Guangxi2026sfj' };
await signInUnit(call, { username: admin.username, password: initial }, admin.password);

for (const [version, rollout, mb] of [['1.4.0', 100, 3], ['1.5.0', 10, 4]] as const) {
  const dir = fs.mkdtempSync(path.join(root, `dist-${version}-`));
  const name = `zfbm-setup-${version}-x64.exe`;
  const installer = randomBytes(mb * 1024 * 1024);
  const sha512 = createHash('sha512').update(installer).digest('base64');
  fs.writeFileSync(path.join(dir, name), installer);
  fs.writeFileSync(path.join(dir, `${name}.blockmap`), gzipSync('{"version":"2","files":[]}'));
  fs.writeFileSync(
    path.join(dir, 'latest.yml'),
    `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${installer.length}\npath: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-12-0${version === '1.4.0' ? 1 : 6}T08:00:00.000Z'\n`,
  );
  await publishUpdate(app.db, config.blobDir, { dir, rolloutPercent: rollout, keep: 5, actor: seeder });
}

publishUntilKilled({ url, admin }, [() => app.close(), () => fs.rmSync(root, { recursive: true, force: true })]);
