import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import type { UserView } from '../../src-shared/contract/sync-api.js';
import { PasswordInput } from '../../src-web/PasswordInput.js';
import { callApi, storeToken } from '../api/console-client.js';

/** The dialog's class, so that the page's own key handlers can tell keys typed here from theirs. */
export const SIGN_IN_AGAIN_CLASS = 'console-sign-in-again';

/**
 * The session ran out while the reviewer was at work (expired, signed out elsewhere, the server
 * restarted): sign in again over the page, which stays as it was — a typed rejection comment, the
 * open person, the filters — and the interrupted requests go out again with the new token. The user
 * name is fixed: another account means signing out (取消) and starting again from the login page.
 * Only 取消 signs out; Esc and the mask do nothing, so no key press throws the work away.
 */
export function SignInAgainDialog({
  open,
  username,
  reason,
  onSignedIn,
  onRefused,
  onCancel,
}: {
  open: boolean;
  username: string;
  /** The server's words for why the token was refused. */
  reason: string;
  onSignedIn: (user: UserView) => void;
  /** The account itself is refused (disabled): the login page shows the server's message. */
  onRefused: (message: string) => void;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (open) setError(undefined);
  }, [open]);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    const r = await callApi('POST /auth/login', { username, password });
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'auth.disabled') onRefused(r.error.message);
      else setError(r.error.message);
      return;
    }
    setError(undefined);
    storeToken(r.value.token);
    onSignedIn(r.value.user);
  };

  return (
    <Modal
      open={open}
      title="重新登录"
      wrapClassName={SIGN_IN_AGAIN_CLASS}
      // Above every dialog of the page (the rejection dialog it interrupts, a confirmation).
      zIndex={2000}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      destroyOnHidden
      footer={null}
      width={440}
    >
      <Alert type="warning" showIcon title="登录已过期，请重新登录后继续。你填写的内容不会丢失。" description={reason} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form name="sign-in-again" layout="vertical" requiredMark={false} onFinish={(v: { password: string }) => void submit(v)}>
        {/* Shown, not a stop: the dialog's focus goes straight to the password (antd's focus lock takes the first stop). */}
        <Form.Item label="用户名">
          <Input value={username} readOnly tabIndex={-1} aria-label="用户名" autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码。' }]}>
          <PasswordInput autoFocus autoComplete="current-password" />
        </Form.Item>
        <Typography.Paragraph type="secondary">要换其他账号登录，请点“取消”退出登录，再从登录页登录。</Typography.Paragraph>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onCancel}>取消</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            登录并继续
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
