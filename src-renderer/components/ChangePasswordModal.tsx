import { App as AntApp, Form, Typography } from 'antd';
import { PASSWORD_MIN_LENGTH } from '../../src-shared/contract/sync-api.js';
import { PasswordInput } from '../../src-web/PasswordInput.js';
import { newPasswordRules, repeatPasswordRules } from '../../src-web/password-rules.js';
import { api } from '../api/desktop-client.js';
import { FormModal } from './FormModal.js';

interface Values {
  oldPassword: string;
  newPassword: string;
  again: string;
}

/**
 * 修改密码 after the first one (the first is forced on 同步设置): the old password, the new one twice. The
 * server's policy is checked as the clerk types (src-web/password-rules, the rules the server applies);
 * the eye icons are out of the Tab order, and Enter submits only a form that passes those checks.
 */
export function ChangePasswordModal({ open, username, onClose }: { open: boolean; username: string; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  return (
    <FormModal<Values, { ok: true }>
      open={open}
      title="修改密码"
      okText="修改密码"
      action={(v) => api['sync.changePassword']({ oldPassword: v.oldPassword, newPassword: v.newPassword })}
      onDone={() => {
        void message.success('密码已修改。下次登录请用新密码。');
        onClose(true);
      }}
      onCancel={() => onClose(false)}
    >
      <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请填写原密码。' }]}>
        <PasswordInput aria-label="原密码" autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item label="新密码" name="newPassword" rules={newPasswordRules({ username }, { field: 'oldPassword' })} dependencies={['oldPassword']}>
        <PasswordInput aria-label="新密码" autoComplete="new-password" />
      </Form.Item>
      <Form.Item label="再次填写新密码" name="again" rules={repeatPasswordRules('newPassword')} dependencies={['newPassword']}>
        <PasswordInput aria-label="再次填写新密码" autoComplete="new-password" />
      </Form.Item>
      <Typography.Text type="secondary">
        新密码至少 {PASSWORD_MIN_LENGTH} 位，同时含有字母和数字，不能是常见的简单密码。修改后，其他电脑上的登录会失效。
      </Typography.Text>
    </FormModal>
  );
}
