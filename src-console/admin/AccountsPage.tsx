import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { JURISDICTION_KIND_NAME, reviewStepName, type JurisdictionKind, type SyncResponse, type UserView } from '../../src-shared/contract/sync-api.js';
import { callApi } from '../api/console-client.js';
import { AddJurisdictionForm, AddUnitForm, AddUserForm } from './account-forms.js';
import { PasswordNotice } from './PasswordNotice.js';

type Directory = SyncResponse<'GET /admin/directory'>;
type DirUser = Directory['users'][number];

const ROLE_TEXT: Record<string, string> = { unit: '执法单位', reviewer: '审核人员', admin: '管理员' };

/**
 * The administrator's directory: judicial bureaus, the units under them, and the accounts — add,
 * reset a password (a new initial one, shown once), disable and enable.
 */
export function AccountsPage({ user }: { user: UserView }) {
  const { modal, message } = AntApp.useApp();
  const [dir, setDir] = useState<Directory>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [issued, setIssued] = useState<{ username: string; password: string; reason: string }>();

  const load = useCallback(async () => {
    const r = await callApi('GET /admin/directory');
    if (r.ok) {
      setDir(r.value);
      setError(undefined);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (label: string, work: () => Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>, done: string) => {
    setBusy(label);
    const r = await work();
    setBusy(undefined);
    if (!r.ok) {
      message.error(r.error.message);
      return undefined;
    }
    message.success(done);
    await load();
    return r.value;
  };

  const resetPassword = (u: DirUser) =>
    modal.confirm({
      title: `重置 ${u.username} 的密码？`,
      content: '将生成新的初始密码，原密码和所有登录立即失效，锁定也会解除。对方用新密码登录后必须自己改密码。',
      okText: '重置密码',
      cancelText: '取消',
      onOk: async () => {
        const v = (await act(`reset-${u.id}`, () => callApi('POST /admin/users/:userId/reset-password', undefined, { userId: u.id }), `已重置 ${u.username} 的密码。`)) as
          | { initialPassword: string }
          | undefined;
        if (v) setIssued({ username: u.username, password: v.initialPassword, reason: '密码已重置' });
      },
    });
  const setDisabled = (u: DirUser, disabled: boolean) =>
    modal.confirm({
      title: `${disabled ? '停用' : '启用'}账号 ${u.username}？`,
      content: disabled ? '停用后此账号立即退出登录，不能再登录，直到重新启用。' : '启用后此账号可以重新登录。',
      okText: disabled ? '停用' : '启用',
      okButtonProps: { danger: disabled },
      cancelText: '取消',
      onOk: () =>
        act(
          `${disabled ? 'disable' : 'enable'}-${u.id}`,
          () => callApi(disabled ? 'POST /admin/users/:userId/disable' : 'POST /admin/users/:userId/enable', undefined, { userId: u.id }),
          `已${disabled ? '停用' : '启用'} ${u.username}。`,
        ),
    });

  const kindOf = (jurisdictionId: number | null) => dir?.jurisdictions.find((j) => j.id === jurisdictionId)?.kind;
  const where = (u: DirUser) =>
    u.role === 'unit'
      ? u.unitName
      : u.role === 'reviewer'
        ? `${u.jurisdictionName ?? ''}${u.reviewLevel ? `（${reviewStepName(u.reviewLevel, kindOf(u.jurisdictionId))}审核）` : ''}`
        : '全部';

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        单位与账号
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} action={<Button onClick={() => void load()}>重试</Button>} />}
      <PasswordNotice issued={issued} onClose={() => setIssued(undefined)} />
      <Tabs
        items={[
          {
            key: 'users',
            label: `账号（${dir?.users.length ?? 0}）`,
            children: (
              <>
                <AddUserForm
                  directory={dir}
                  onAdd={async (input) => {
                    const v = (await act('add-user', () => callApi('POST /admin/users', input), `已添加账号 ${input.username}。`)) as { initialPassword: string } | undefined;
                    if (v) setIssued({ username: input.username, password: v.initialPassword, reason: '新账号已添加' });
                    return v !== undefined;
                  }}
                />
                <Table<DirUser>
                  size="small"
                  rowKey="id"
                  dataSource={dir?.users ?? []}
                  loading={!dir && !error}
                  pagination={{ pageSize: 20, showSizeChanger: false }}
                  columns={[
                    { title: '用户名', dataIndex: 'username' },
                    { title: '姓名', dataIndex: 'displayName' },
                    { title: '角色', dataIndex: 'role', render: (r: string) => ROLE_TEXT[r] ?? r },
                    { title: '所属', key: 'where', render: (_: unknown, u) => where(u) },
                    {
                      title: '状态',
                      key: 'state',
                      render: (_: unknown, u) => (
                        <Space size={4}>
                          {u.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
                          {u.mustChangePassword && <Tag color="orange">待首次改密码</Tag>}
                          {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <Tag color="red">密码错误过多，已锁定</Tag>}
                        </Space>
                      ),
                    },
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, u) => (
                        <Space>
                          <Button size="small" loading={busy === `reset-${u.id}`} onClick={() => resetPassword(u)}>
                            重置密码
                          </Button>
                          {u.disabled ? (
                            <Button size="small" loading={busy === `enable-${u.id}`} onClick={() => setDisabled(u, false)}>
                              启用
                            </Button>
                          ) : (
                            <Button size="small" danger disabled={u.id === user.id} title={u.id === user.id ? '不能停用自己正在使用的账号' : undefined} loading={busy === `disable-${u.id}`} onClick={() => setDisabled(u, true)}>
                              停用
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'units',
            label: `执法单位（${dir?.units.length ?? 0}）`,
            children: (
              <>
                <AddUnitForm directory={dir} onAdd={async (input) => (await act('add-unit', () => callApi('POST /admin/units', input), `已添加执法单位 ${input.name}。`)) !== undefined} />
                <Table size="small" rowKey="id" dataSource={dir?.units ?? []} pagination={{ pageSize: 20, showSizeChanger: false }} columns={[{ title: '执法单位', dataIndex: 'name' }, { title: '所属司法局', dataIndex: 'jurisdictionName' }]} />
              </>
            ),
          },
          {
            key: 'jurisdictions',
            label: `司法局与省直部门（${dir?.jurisdictions.length ?? 0}）`,
            children: (
              <>
                <AddJurisdictionForm
                  directory={dir}
                  onAdd={async (input) => (await act('add-jurisdiction', () => callApi('POST /admin/jurisdictions', input), `已添加 ${input.name}。`)) !== undefined}
                />
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={dir?.jurisdictions ?? []}
                  pagination={false}
                  columns={[
                    { title: '名称', dataIndex: 'name' },
                    { title: '级别', dataIndex: 'kind', render: (k: JurisdictionKind) => JURISDICTION_KIND_NAME[k] },
                    { title: '上级', dataIndex: 'parentName', render: (n: string | null) => n ?? '—' },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </>
  );
}
