import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { DesktopOutput } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { PasswordInput } from '../../src-web/PasswordInput.js';
import { newPasswordRules, repeatPasswordRules } from '../../src-web/password-rules.js';
import { useCall } from '../use-call.js';
import { useAction } from '../use-action.js';
import { WarningDaysCard } from '../exams/WarningDaysCard.js';

type Settings = DesktopOutput<'settings.get'>;

/** 同步设置: the server, the network path to it (proxy, the intranet's CA), the unit's account, the photo spec, and 同步. */
export function SettingsPage({ onSynced, onSignedIn }: { onSynced?: () => void; onSignedIn?: () => void }) {
  const { message } = AntApp.useApp();
  const settings = useCall(() => api['settings.get'](undefined), []);
  const status = useCall(() => api['sync.status'](undefined), []);
  const [conn] = Form.useForm<{ serverUrl: string; proxyMode: 'system' | 'none' | 'url'; proxyUrl: string; caFile: string; timeoutSeconds: number }>();
  const { busy, error, setError, run } = useAction();
  const [mustChange, setMustChange] = useState<{ oldPassword: string }>();
  const [pulled, setPulled] = useState<DesktopOutput<'sync.pull'>>();

  useEffect(() => {
    const s: Settings | undefined = settings.value;
    if (!s) return;
    const proxyMode = s.proxy === 'system' || s.proxy === 'none' ? s.proxy : 'url';
    conn.setFieldsValue({ serverUrl: s.serverUrl, proxyMode, proxyUrl: proxyMode === 'url' ? s.proxy : '', caFile: s.caFile, timeoutSeconds: s.timeoutSeconds });
  }, [settings.value]);

  const saveConnection = async () => {
    const v = conn.getFieldsValue();
    const proxy = v.proxyMode === 'url' ? v.proxyUrl : v.proxyMode;
    const r = await run('连接', () => api['sync.configure']({ serverUrl: v.serverUrl, proxy, caFile: v.caFile ?? '', timeoutSeconds: v.timeoutSeconds }));
    // Refused: what the clerk typed stays in the boxes to be corrected, not replaced by the stored address.
    if (!r) return;
    void message.success('连接设置已保存。');
    settings.reload();
    status.reload();
  };
  const login = async (v: { username: string; password: string }) => {
    const r = await run('登录', () => api['sync.login'](v));
    if (!r) return;
    if (r.mustChangePassword) setMustChange({ oldPassword: v.password });
    else void message.success(`已登录：${r.displayName}（${r.unitName}）`);
    settings.reload();
    status.reload();
    // The header names the unit signed in: at once, not at its next quarter-minute look.
    onSignedIn?.();
  };
  const changePassword = async (v: { oldPassword?: string; newPassword: string; again: string }) => {
    const oldPassword = mustChange?.oldPassword ?? v.oldPassword;
    if (!oldPassword) return;
    const r = await run('改密码', () => api['sync.changePassword']({ oldPassword, newPassword: v.newPassword }));
    if (!r) return;
    setMustChange(undefined);
    void message.success('密码已修改。');
    status.reload();
    onSignedIn?.();
  };
  const pull = async () => {
    const r = await run('同步', () => api['sync.pull'](undefined));
    if (!r) return;
    setPulled(r);
    settings.reload();
    status.reload();
    onSynced?.();
  };
  const signedIn = status.value?.signedIn;
  // Signed in earlier with a password still to change (the window was closed in between): ask for it again.
  const changing = mustChange !== undefined || signedIn?.mustChangePassword === true;

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 820 }}>
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(undefined)} />}
      <Card title="同步服务器" size="small">
        <Form form={conn} layout="horizontal" labelCol={{ span: 5 }} initialValues={{ proxyMode: 'system', timeoutSeconds: 60 }}>
          <Form.Item label="服务器地址" name="serverUrl" extra="司法局提供的地址，例如 https://zfbm.example.gov.cn">
            <Input aria-label="服务器地址" />
          </Form.Item>
          <Form.Item label="代理" name="proxyMode">
            <Radio.Group options={[{ value: 'system', label: '使用系统代理' }, { value: 'none', label: '不用代理' }, { value: 'url', label: '指定代理' }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => conn.getFieldValue('proxyMode') === 'url' && (
              <Form.Item label="代理地址" name="proxyUrl">
                <Input placeholder="http://10.0.0.1:8080" />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item label="根证书文件" name="caFile" extra="内网服务器使用自己的证书时，填信息科提供的 .pem/.crt 文件路径；否则留空。">
            <Input />
          </Form.Item>
          <Form.Item label="超时（秒）" name="timeoutSeconds">
            <InputNumber min={5} max={600} />
          </Form.Item>
          <Form.Item wrapperCol={{ offset: 5 }}>
            <Button onClick={() => void saveConnection()} loading={busy === '连接'}>
              保存连接设置
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title="单位账号" size="small">
        {signedIn && !changing ? (
          <Space direction="vertical">
            <Descriptions size="small" column={1} items={[{ label: '已登录', children: signedIn.username }, { label: '单位', children: settings.value?.unitName || '—' }]} />
            <Space>
              <Button type="primary" onClick={() => void pull()} loading={busy === '同步'}>
                同步
              </Button>
              <Button onClick={() => void run('退出', () => api['sync.logout'](undefined)).then(() => status.reload())}>退出登录</Button>
            </Space>
            {pulled && (
              <Alert
                type="success"
                message={`同步完成：收到审核结果 ${pulled.decisions} 条（退回 ${pulled.rejected} 人，通过 ${pulled.approved} 人），学习账号 ${pulled.studyAccounts} 个，学习记录 ${pulled.studyRecords} 条，考试成绩 ${pulled.examScores} 条。`}
                description={pulled.newProblems.length ? `核对规则已更新，${pulled.newProblems.length} 人需要重新检查。` : undefined}
              />
            )}
          </Space>
        ) : changing ? (
          <Form layout="vertical" onFinish={(v: { oldPassword?: string; newPassword: string; again: string }) => void changePassword(v)} style={{ maxWidth: 360 }}>
            <Typography.Paragraph>{`${signedIn?.username ?? ''} 需修改密码：第一次登录（或密码被重置）后，请设置新密码（至少 8 位，包含字母和数字），改好后才能提交和同步。`}</Typography.Paragraph>
            {!mustChange && (
              <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请填写登录时用的密码。' }]}>
                <PasswordInput aria-label="原密码" autoComplete="current-password" />
              </Form.Item>
            )}
            <Form.Item
              label="新密码"
              name="newPassword"
              rules={newPasswordRules({ username: signedIn?.username }, mustChange ? { known: mustChange.oldPassword } : { field: 'oldPassword' })}
              dependencies={mustChange ? [] : ['oldPassword']}
            >
              <PasswordInput aria-label="新密码" autoComplete="new-password" />
            </Form.Item>
            <Form.Item label="再次填写新密码" name="again" rules={repeatPasswordRules('newPassword')} dependencies={['newPassword']}>
              <PasswordInput aria-label="再次填写新密码" autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy === '改密码'}>
              修改密码
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void login(v)} style={{ maxWidth: 360 }}>
            <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名。' }]}>
              <Input aria-label="用户名" />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码。' }]}>
              <PasswordInput aria-label="密码" autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy === '登录'}>
              登录
            </Button>
          </Form>
        )}
      </Card>
      <Card title="照片规格" size="small">
        {settings.value && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select
              aria-label="照片规格"
              style={{ width: '100%' }}
              value={settings.value.photoSpec.name}
              disabled={settings.value.photoSpecFromServer}
              options={settings.value.photoSpecs.map((s) => ({ value: s.name, label: s.title }))}
              onChange={(name: string) => void run('规格', () => api['settings.setPhotoSpec']({ name })).then(() => settings.reload())}
            />
            <Typography.Text type="secondary">
              {settings.value.photoSpecFromServer ? '照片规格由同步服务器规定，照片按它检查。' : '还没有连接同步服务器：按这里选择的规格检查照片。'}
            </Typography.Text>
          </Space>
        )}
      </Card>
      <WarningDaysCard />
    </Space>
  );
}
