import { App as AntApp, Form, Input, Typography, type FormRule } from 'antd';
import { accountProfileSchema, type AccountProfile, type AccountView } from '../../src-shared/contract/desktop-account-api.js';
import { api } from '../api/desktop-client.js';
import { FormModal } from './FormModal.js';

/** A field checked by the contract's own schema, so the window says what main would refuse. */
function schemaRule(field: keyof AccountProfile): FormRule {
  return {
    validator: (_rule, value: string | undefined) => {
      const r = accountProfileSchema.shape[field].safeParse(value ?? '');
      return r.success ? Promise.resolve() : Promise.reject(new Error(r.error.issues[0]!.message));
    },
  };
}

/**
 * 修改资料: who fills the lists in here (联系人) and their 联系电话, kept on this PC. They go into the
 * 联系方式 / 填报人 line at the foot of every template and 问题清单 written afterwards.
 */
export function ProfileModal({ open, account, onClose }: { open: boolean; account: AccountView | undefined; onClose: (saved: boolean) => void }) {
  const { message } = AntApp.useApp();
  return (
    <FormModal<AccountProfile, AccountView>
      open={open}
      title="修改资料"
      okText="保存"
      initialValues={{ contactName: account?.contactName ?? '', contactPhone: account?.contactPhone ?? '' }}
      action={(v) => api['account.setProfile']({ contactName: v.contactName ?? '', contactPhone: v.contactPhone ?? '' })}
      onDone={() => {
        void message.success('资料已保存。以后下载的模板和导出的问题清单会写上联系人和联系电话。');
        onClose(true);
      }}
      onCancel={() => onClose(false)}
    >
      {account && (
        <Typography.Paragraph type="secondary">
          单位：{account.unitName || '（登录后显示）'}
          {account.jurisdictionName ? `，上级单位：${account.jurisdictionName}` : ''}
        </Typography.Paragraph>
      )}
      <Form.Item label="联系人（填报人）" name="contactName" rules={[schemaRule('contactName')]}>
        <Input aria-label="联系人" maxLength={20} autoFocus />
      </Form.Item>
      <Form.Item label="联系电话" name="contactPhone" rules={[schemaRule('contactPhone')]} extra="如 0771-1234567 或 13800000000">
        <Input aria-label="联系电话" maxLength={30} />
      </Form.Item>
    </FormModal>
  );
}
