import { useState } from 'react';
import { Alert, Button, Card, Form, Space, Typography } from 'antd';
import type { UserView } from '../../src-shared/contract/sync-api.js';
import { PasswordInput } from '../../src-web/PasswordInput.js';
import { newPasswordRules, repeatPasswordRules } from '../../src-web/password-rules.js';
import { callApi } from '../api/console-client.js';

/**
 * Change the password: forced at first login and after a reset (the server allows nothing else until
 * then), or chosen from the header. The server's policy is checked here first (src-web/password-rules),
 * so Enter on a form that would be refused shows the field's message and sends nothing; the eye icons
 * are out of the Tab order, so old → Tab → new → Tab → again → Enter is the whole keyboard path.
 */
export function ChangePasswordPage({ user, forced, onDone, onCancel }: { user: UserView; forced: boolean; onDone: (user: UserView) => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (v: { oldPassword: string; newPassword: string; confirm: string }) => {
    setBusy(true);
    const r = await callApi('POST /auth/change-password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
    setBusy(false);
    if (!r.ok) setError(r.error.message);
    else onDone(r.value.user);
  };

  return (
    <div className="console-center">
      <Card style={{ width: 460 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          修改密码
        </Typography.Title>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${user.displayName}，这是首次登录（或密码已被管理员重置）：请先设置自己的新密码，改好后才能继续使用。`}
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(v: { oldPassword: string; newPassword: string; confirm: string }) => void submit(v)} requiredMark={false}>
          <Form.Item label={forced ? '原密码（管理员给你的初始密码）' : '原密码'} name="oldPassword" rules={[{ required: true, message: '请填写原密码。' }]}>
            <PasswordInput autoFocus autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra="8 位以上，同时含有字母和数字，不能包含用户名，不能和原密码相同。"
            dependencies={['oldPassword']}
            rules={newPasswordRules(user, { field: 'oldPassword' })}
          >
            <PasswordInput autoComplete="new-password" />
          </Form.Item>
          <Form.Item label="再输一遍新密码" name="confirm" dependencies={['newPassword']} rules={repeatPasswordRules('newPassword')}>
            <PasswordInput autoComplete="new-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存新密码
            </Button>
            <Button onClick={onCancel}>{forced ? '退出登录' : '取消'}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
