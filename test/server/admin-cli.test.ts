import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src-server/app.js';
import { defaultConfig } from '../../src-server/config.js';
import { call, expectError, runAdminCli, serverTempDir } from './server-helpers.js';

const CHINESE = /[\u4e00-\u9fff]/;

describe('server-admin (child processes)', () => {
  const data = path.join(serverTempDir(), 'data');
  const admin = (...args: string[]) => runAdminCli([...args, '--data', data]);

  it('adds bureaus, a unit and users, lists them, and resets a password that then works once', async () => {
    let r = await admin('add-jurisdiction', '--name', '南宁市司法局', '--level', 'city');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已添加市级司法局 #1 南宁市司法局');
    r = await admin('add-jurisdiction', '--name', '青秀区司法局', '--level', 'county', '--parent', '南宁市司法局');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('上级：南宁市司法局');
    r = await admin('add-unit', '--name', '青秀区市场监督管理局', '--jurisdiction', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已添加执法单位 #1 青秀区市场监督管理局（所属：青秀区司法局）');

    r = await admin('add-user', '--username', 'qx_scjg', '--role', 'unit', '--unit', '青秀区市场监督管理局', '--name', '青秀区市场监管局');
    expect(r.code, r.stderr).toBe(0);
    const initial = /初始密码：(\S+)/.exec(r.stdout)?.[1];
    expect(initial).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{12}$/);
    expect(r.stdout).toContain('首次登录后必须修改密码');

    r = await admin('add-user', '--username', 'nn_review', '--role', 'reviewer', '--jurisdiction', '南宁市司法局', '--json');
    expect(r.code, r.stderr).toBe(0);
    const reviewer = JSON.parse(r.stdout) as { role: string; reviewLevel: string; initialPassword: string; mustChangePassword: boolean };
    expect(reviewer).toMatchObject({ role: 'reviewer', reviewLevel: 'city', mustChangePassword: true });

    r = await admin('list');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/司法局（2）[\s\S]*南宁市司法局\t市级[\s\S]*青秀区司法局\t县级\t上级：南宁市司法局/);
    expect(r.stdout).toMatch(/执法单位（1）[\s\S]*青秀区市场监督管理局\t所属：青秀区司法局/);
    expect(r.stdout).toMatch(/用户（2）[\s\S]*qx_scjg\t青秀区市场监管局\t执法单位\t青秀区市场监督管理局\t待改密码/);
    expect(r.stdout).toMatch(/nn_review\t-\t审核人员\t南宁市司法局（市级审核）\t待改密码/);
    expect(r.stdout).not.toContain(initial!);

    const json = JSON.parse((await admin('list', '--json')).stdout) as { users: Array<Record<string, unknown>> };
    expect(json.users).toHaveLength(2);
    expect(JSON.stringify(json)).not.toMatch(/scrypt|passwordHash/);

    // The server accepts the printed password; after a reset only the new one works.
    const app = await buildServer(defaultConfig(data, { logLevel: 'silent' }), { logger: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ok = await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'qx_scjg', password: initial } });
      expect(ok.status, ok.text).toBe(200);
      const token = (ok.body as { token: string }).token;

      r = await admin('reset-password', '--username', 'qx_scjg');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('已重置');
      const fresh = /初始密码：(\S+)/.exec(r.stdout)?.[1];
      expect(fresh).toBeTruthy();
      expect(fresh).not.toBe(initial);

      expectError(await call(url, 'GET', '/api/v1/me', { token }), 401, 'auth.token_invalid');
      expectError(await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'qx_scjg', password: initial } }), 401, 'auth.invalid_credentials');
      const again = await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'qx_scjg', password: fresh } });
      expect(again.status).toBe(200);
      expect((again.body as { mustChangePassword: boolean }).mustChangePassword).toBe(true);

      r = await admin('disable-user', 'qx_scjg');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('已停用');
      expectError(await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'qx_scjg', password: fresh } }), 403, 'auth.disabled');
      expect((await admin('list')).stdout).toMatch(/qx_scjg.*已停用/);
    } finally {
      await app.close();
    }
  });

  it('exits 2 with one Chinese line for bad input, and creates nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frob'], /不认识的命令“frob”/],
      [['add-user', '--username', 'x1', '--role', 'boss'], /--role 只能是/],
      [['add-user', '--username', 'x1', '--role', 'unit'], /必须指定所属单位/],
      [['add-user', '--username', 'x1', '--role', 'unit', '--unit', '没有这个单位'], /没有名为“没有这个单位”的执法单位/],
      [['add-user', '--username', 'a b', '--role', 'admin'], /用户名“a b”不能用/],
      [['add-user', '--username', 'QX_SCJG', '--role', 'admin'], /已经有人用了/],
      [['add-user', '--role', 'admin'], /缺少 --username/],
      [['add-jurisdiction', '--name', '某县司法局', '--level', 'county'], /县级司法局必须指定所属的市级司法局/],
      [['add-jurisdiction', '--name', '某县司法局', '--level', 'town'], /--level 只能是 city/],
      [['add-jurisdiction', '--name', '南宁市司法局', '--level', 'city'], /已经存在/],
      [['add-unit', '--name', '某单位', '--jurisdiction', '99'], /没有编号为 99 的司法局/],
      [['reset-password', '--username', 'nobody'], /没有用户名为“nobody”的用户/],
      [['list', '--bogus'], /不认识的选项 --bogus/],
    ];
    const results = await Promise.all(cases.map(([args]) => admin(...args)));
    for (const [i, [args, re]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(CHINESE);
      expect(lines[0]).toMatch(re);
    }
    const list = JSON.parse((await admin('list', '--json')).stdout) as { jurisdictions: unknown[]; units: unknown[]; users: unknown[] };
    expect([list.jurisdictions.length, list.units.length, list.users.length]).toEqual([2, 1, 2]);
  });

  it('prints its help', async () => {
    const r = await runAdminCli(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('add-jurisdiction');
    expect(r.stdout).toContain('reset-password');
  });
});
