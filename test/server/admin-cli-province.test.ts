import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdminCli, serverTempDir } from './server-helpers.js';

/**
 * server-admin as a child process, for the province chain (issue 19 item 6): the province's judicial
 * bureau, a department under it, a reviewer bound to the department (first review), and the refusals
 * that keep the tree as the review chain needs it.
 */
describe('server-admin: the province and its departments', () => {
  const data = path.join(serverTempDir(), 'data');
  const admin = (...args: string[]) => runAdminCli([...args, '--data', data]);

  it('adds the province, a department under it and the department\'s reviewer, and lists them by kind', async () => {
    let r = await admin('add-jurisdiction', '--name', '自治区司法厅', '--level', 'province');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已添加省级司法厅 #1 自治区司法厅');
    r = await admin('add-jurisdiction', '--name', '自治区交通运输厅', '--level', 'department', '--parent', '自治区司法厅');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已添加省直部门 #2 自治区交通运输厅（上级：自治区司法厅）');
    r = await admin('add-user', '--username', 'gxjt_fzc', '--role', 'reviewer', '--jurisdiction', '自治区交通运输厅', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ role: 'reviewer', reviewLevel: 'county', jurisdictionName: '自治区交通运输厅' });
    r = await admin('list');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/#1\t自治区司法厅\t省级司法厅\n\s+#2\t自治区交通运输厅\t省直部门\t上级：自治区司法厅/);
    expect(r.stdout).toMatch(/gxjt_fzc\t-\t审核人员\t自治区交通运输厅（部门法制机构审核）/);
  });

  it('refuses a department without the province above it, a county under the province, and a final-review level for a department reviewer; nothing is added', async () => {
    await admin('add-jurisdiction', '--name', '南宁市司法局', '--level', 'city');
    const before = (await admin('list', '--json')).stdout;
    let r = await admin('add-jurisdiction', '--name', '某某厅', '--level', 'department', '--parent', '南宁市司法局');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('省直部门只能设在省级司法厅之下');
    r = await admin('add-jurisdiction', '--name', '某某区司法局', '--level', 'county', '--parent', '自治区司法厅');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('县级司法局只能设在市级司法局之下');
    r = await admin('add-jurisdiction', '--name', '某某厅', '--level', 'department');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('省直部门必须指定所属的省级司法厅');
    r = await admin('add-jurisdiction', '--name', '某某', '--level', 'region');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('department（省直部门）');
    r = await admin('add-user', '--username', 'gxjt_2', '--role', 'reviewer', '--jurisdiction', '自治区交通运输厅', '--level', 'city');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('只能做初审');
    expect((await admin('list', '--json')).stdout).toBe(before);
  });
});
