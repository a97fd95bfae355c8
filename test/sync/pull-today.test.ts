import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDirectory, seedUser, startTestServer, type TestServer } from '../server/server-helpers.js';
import { prepareDesktopBatch } from '../helpers/desktop-batch.js';
import { runCli, runCliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A pull that brings new code tables checks the unsent people again against the injected "today",
 * the one the rules use everywhere else, not a date of its own (issue 16). Pinned to a day before
 * anyone in the batch was born, every ID number's birth date lies in the future.
 */
const root = tempDir('zfbm-pull-today-');
const data = path.join(root, 'desk');
let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({ photoSpec: 'guangxi' });
  const dir = await seedDirectory(ts.app);
  const unit = await seedUser(ts.app, 'unit', { unitId: dir.unit.id });
  await prepareDesktopBatch(data, 2, (i) => ({ name: ['周一', '吴二'][i]! }));
  const login = await runCliWithInput(['login', '--data', data, '--server', ts.url, '--username', unit.username, '--proxy', 'none'], `${unit.password}\nTodayTest1234\n`);
  expect(login.code, login.stderr).toBe(0);
}, 120_000);
afterAll(() => ts.stop());

it('the re-check after new code tables uses the injected today', async () => {
  const ref = ts.app.referenceData;
  ref.codeTables = { ...ref.codeTables, ethnicity: { ...ref.codeTables.ethnicity, entries: [...ref.codeTables.ethnicity.entries, { code: '99', name: '测试族' }] } };
  const r = await runCli(['pull', '--data', data, '--json'], { HARNESS_TODAY: '1950-01-01' });
  expect(r.code, r.stderr).toBe(0);
  const { reference } = JSON.parse(r.stdout) as { reference: { codeTablesChanged: boolean; rechecked: number; newErrors: Array<{ name: string; message: string }> } };
  expect(reference).toMatchObject({ codeTablesChanged: true, rechecked: 2 });
  expect(reference.newErrors.map((e) => e.name)).toEqual(['周一', '吴二']);
  expect(reference.newErrors[0]!.message).toMatch(/出生|身份证/);
});
