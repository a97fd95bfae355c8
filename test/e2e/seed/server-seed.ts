import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src-server/app.js';
import { defaultConfig } from '../../../src-server/config.js';
import { addJurisdiction, addUnit, addUser } from '../../../src-server/accounts/accounts.js';
import type { ServerDeps } from '../../../src-server/app.js';
import { handlerCaller } from './desktop-seed.js';
import { serverCaller } from '../server-api.js';

export { serverCaller };

/** An account as a seed hands it to the spec: the name and the password it signs in with now. */
export interface SeedAccount {
  username: string;
  password: string;
}

/**
 * The real sync server the sync seeds share: in `<root>/server`, on 127.0.0.1 and a free port, with
 * 南宁市司法局 (city), 青秀区司法局 (county) under it, and 青秀区市场监督管理局 under the county.
 * `account` adds a user there and answers its initial password.
 */
export async function startSeedServer(
  root: string,
  opts: { reviewStages: 1 | 2; photoSpec: 'guangxi' | 'fujian'; consoleDir?: string; logger?: ServerDeps['logger'] },
) {
  const config = defaultConfig(path.join(root, 'server'), { port: 0, host: '127.0.0.1', logLevel: 'silent', reviewStages: opts.reviewStages, photoSpec: opts.photoSpec });
  const app: FastifyInstance = await buildServer(config, { logger: opts.logger ?? false, ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const seeder = { userId: null, name: 'e2e', now: () => new Date() };
  const city = await addJurisdiction(app.db, { name: '南宁市司法局', level: 'city', parentId: null }, seeder);
  const county = await addJurisdiction(app.db, { name: '青秀区司法局', level: 'county', parentId: city.id }, seeder);
  const unit = await addUnit(app.db, { name: '青秀区市场监督管理局', jurisdictionId: county.id }, seeder);
  const account = async (username: string, role: 'unit' | 'reviewer' | 'admin', where: { unitId?: number; jurisdictionId?: number } = {}): Promise<SeedAccount> => ({
    username,
    password: (await addUser(app.db, { username, role, unitId: where.unitId ?? null, jurisdictionId: where.jurisdictionId ?? null }, seeder)).initialPassword,
  });
  return { app, url, seeder, city, county, unit, account };
}

/** The clerk's first sign-in on a desktop, as the window does it: server address, sign-in, the forced password change. */
export async function signInDesktop(call: ReturnType<typeof handlerCaller>, serverUrl: string, clerk: SeedAccount, newPassword: string, timeoutSeconds?: number): Promise<SeedAccount> {
  await call('sync.configure', { serverUrl, proxy: 'none', ...(timeoutSeconds ? { timeoutSeconds } : {}) });
  await call('sync.login', { username: clerk.username, password: clerk.password });
  await call('sync.changePassword', { oldPassword: clerk.password, newPassword });
  return { username: clerk.username, password: newPassword };
}

/** A unit's first sign-in over HTTP, as its desktop does it: log in, change the initial password; the new token. */
export async function signInUnit(call: ReturnType<typeof serverCaller>, account: SeedAccount, newPassword: string): Promise<string> {
  const token = ((await call('POST', '/api/v1/auth/login', undefined, { username: account.username, password: account.password })) as { token: string }).token;
  await call('POST', '/api/v1/auth/change-password', token, { oldPassword: account.password, newPassword });
  return token;
}
