import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { PasswordInput } from '../../src-web/PasswordInput.js';
import type { UserView } from '../../src-shared/contract/sync-api.js';
import { callApi, storeToken } from '../api/console-client.js';

/** Sign in with the account the administrator handed out. */
export function LoginPage({ notice, onSignedIn }: { notice?: string | undefined; onSignedIn: (user: UserView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    const r = await callApi('POST /auth/login', values);
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(undefined);
    storeToken(r.value.token);
    onSignedIn(r.value.user);
  };

  return (
    <div className="console-center">
      <Card style={{ width: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          执法人员报名 · 审核控制台
        </Typography.Title>
        <Typography.Paragraph type="secondary">供司法局（县级、市级、省级）和省直部门法制机构的审核人员及系统管理员使用。执法单位请使用“执法人员报名助手”桌面程序。</Typography.Paragraph>
        {notice && !error && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请填写用户名。' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码。' }]}>
            <PasswordInput autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
