// The sync server of bench/sync, run by run.ts as a process of its own (so that the desktop side
// does not share its event loop, and its CPU time is its own): buildServer on 127.0.0.1 with the
// shipped photo spec --photo-spec, a temp data directory, one jurisdiction, one unit and one unit
// account with its initial password (not yet changed, as a new desktop finds it).
// Talks to run.ts over IPC: sends {url, username, password} once listening; answers 'mark' with its
// CPU time so far; 'stop' closes it and removes its files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../../src-server/app.js';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { defaultConfig } from '../../src-server/config.js';

export interface Ready {
  type: 'ready';
  url: string;
  username: string;
  password: string;
}
export interface Mark {
  type: 'mark';
  cpuMs: number;
}
export type ToParent = Ready | Mark;
export type ToChild = 'mark' | 'stop';

const args = process.argv.slice(2);
const i = args.indexOf('--photo-spec');
const photoSpec = i >= 0 ? args[i + 1]! : 'fujian';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-bench-sync-server-'));
const app = await buildServer(defaultConfig(path.join(dir, 'data'), { port: 0, host: '127.0.0.1', logLevel: 'silent', photoSpec }), { logger: false });
const actor: Actor = { userId: null, name: 'bench', now: () => new Date() };
const city = await addJurisdiction(app.db, { name: '福州市司法局', level: 'city', parentId: null }, actor);
const county = await addJurisdiction(app.db, { name: '鼓楼区司法局', level: 'county', parentId: city.id }, actor);
const unit = await addUnit(app.db, { name: '福州市市场监督管理局', jurisdictionId: county.id }, actor);
const { initialPassword } = await addUser(app.db, { username: 'unit1', role: 'unit', unitId: unit.id, jurisdictionId: null }, actor);
const url = await app.listen({ port: 0, host: '127.0.0.1' });

const send = (m: ToParent) => process.send!(m);
const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('message', (m: ToChild) => {
  if (m === 'mark') {
    const u = process.cpuUsage();
    send({ type: 'mark', cpuMs: (u.user + u.system) / 1000 });
  } else if (m === 'stop') {
    void app.close().then(() => {
      cleanUp();
      process.disconnect();
    });
  }
});
// If run.ts dies or is interrupted, do not linger (and do not leave the temp directory behind).
process.on('disconnect', () => {
  cleanUp();
  process.exit(0);
});
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
send({ type: 'ready', url, username: 'unit1', password: initialPassword });
