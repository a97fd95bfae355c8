import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../src-main/store/open-store.js';
import { makeHandlers } from '../helpers/desktop-handlers.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * No server set yet: the window says where to set it (同步设置) and nothing about the command line;
 * the CLI says how to set it there (login --server). The same SyncError, each place's own words.
 */
const root = tempDir('zfbm-no-server-');
const data = path.join(root, 'desk');
const db = openStore(data);
const h = makeHandlers(db, data);
afterAll(() => db.close());

it('the window: 同步设置, no command-line hint', async () => {
  const r = await h.handle('sync.pull', {});
  expect(r).toMatchObject({ ok: false, error: { code: 'config.missing', message: expect.stringMatching(/“同步设置”中填写服务器地址/) } });
  expect(JSON.stringify(r)).not.toMatch(/--server|命令行/);
  // Nothing reached or failed to reach: the status bar says the server is not set, not a failure.
  expect(await h.handle('sync.status', {})).toMatchObject({ ok: true, value: { serverUrl: '', signedIn: null, contact: { okAt: '', failedAt: '' }, news: { rejected: 0, approved: 0 } } });
});

it('the CLI: how to set it there', async () => {
  const r = await runCli(['pull', '--data', path.join(root, 'cli')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/还没有设置同步服务器.*（命令行：login --server <地址>）。/);
});
