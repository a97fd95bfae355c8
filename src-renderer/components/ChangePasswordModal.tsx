import { Alert, App as AntApp, Button, Form, Input, Modal, Typography, type FormRule } from 'antd';
import { newPasswordSchema, PASSWORD_MIN_LENGTH } from '../../src-shared/contract/sync-api.js';
import { api } from '../api/desktop-client.js';
import { useAction } from '../use-action.js';

interface Values {
  oldPassword: string;
  newPassword: string;
  again: string;
}

const FORM_ID = 'change-password-form';
/** The eye icons are left out of the Tab order: Tab goes from box to box, as a clerk expects. */
const EYE = { tabIndex: -1 } as const;

/**
 * 修改密码 after the first one (the first is forced on 同步设置): the old password, the new one twice. The
 * server's policy is checked as the clerk types (newPasswordSchema, the same rules the server applies);
 * Enter submits, and only a form that passes those checks is sent.
 */
export function ChangePasswordModal({ open, username, onClose }: { open: boolean; username: string; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, run } = useAction();

  const newRules: FormRule[] = [
    { required: true, message: '请填写新密码。' },
    ({ getFieldValue }) => ({
      validator: (_rule, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const policy = newPasswordSchema.safeParse(value);
        if (!policy.success) return Promise.reject(new Error(policy.error.issues[0]!.message));
        if (value === getFieldValue('oldPassword')) return Promise.reject(new Error('新密码不能和原密码相同，请换一个。'));
        if (username && value.toLowerCase().includes(username.toLowerCase())) return Promise.reject(new Error('新密码不能包含用户名，请换一个。'));
        return Promise.resolve();
      },
    }),
  ];
  const againRules: FormRule[] = [
    { required: true, message: '请再次填写新密码。' },
    ({ getFieldValue }) => ({
      validator: (_rule, value: string | undefined) =>
        !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次填写的新密码不一样，请重新填写。')),
    }),
  ];

  const submit = async (v: Values) => {
    const r = await run('修改密码', () => api['sync.changePassword']({ oldPassword: v.oldPassword, newPassword: v.newPassword }));
    if (!r) return;
    void message.success('密码已修改。下次登录请用新密码。');
    onClose(true);
  };
  const cancel = () => {
    setError(undefined);
    onClose(false);
  };

  return (
    <Modal
      open={open}
      title="修改密码"
      onCancel={cancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={cancel}>
          取消
        </Button>,
        <Button key="ok" type="primary" htmlType="submit" form={FORM_ID} loading={busy === '修改密码'}>
          修改密码
        </Button>,
      ]}
    >
      <Form id={FORM_ID} form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)} requiredMark={false}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请填写原密码。' }]}>
          <Input.Password aria-label="原密码" autoComplete="current-password" visibilityToggle={EYE} autoFocus />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={newRules} dependencies={['oldPassword']}>
          <Input.Password aria-label="新密码" autoComplete="new-password" visibilityToggle={EYE} />
        </Form.Item>
        <Form.Item label="再次填写新密码" name="again" rules={againRules} dependencies={['newPassword']}>
          <Input.Password aria-label="再次填写新密码" autoComplete="new-password" visibilityToggle={EYE} />
        </Form.Item>
        <Typography.Text type="secondary">
          新密码至少 {PASSWORD_MIN_LENGTH} 位，同时含有字母和数字，不能是常见的简单密码。修改后，其他电脑上的登录会失效。
        </Typography.Text>
      </Form>
    </Modal>
  );
}
