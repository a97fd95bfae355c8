import { useState } from 'react';
import { App as AntApp, Button, Dropdown, type MenuProps } from 'antd';
import type { AccountView } from '../../src-shared/contract/desktop-account-api.js';
import { api } from '../api/desktop-client.js';
import { ChangePasswordModal } from './ChangePasswordModal.js';
import { ProfileModal } from './ProfileModal.js';

type Open = 'profile' | 'password' | undefined;

/**
 * The unit's name with its ▾ (使用说明书: "点击右侧三角图标可以进行“修改资料”“修改密码”“退出系统”操作"). Signed
 * out it adds （未登录） and offers 登录, which leads to 同步设置.
 */
export function AccountMenu({ account, onChanged, onSignIn }: { account: AccountView | undefined; onChanged: () => void; onSignIn: () => void }) {
  const { message, modal } = AntApp.useApp();
  const [open, setOpen] = useState<Open>();
  const signedIn = (account?.username ?? '') !== '';
  // Signed out, the unit of the last sign-in is still whose data this is.
  const unit = account?.unitName ?? '';
  const label = signedIn ? unit || (account?.username ?? '') : unit ? `${unit}（未登录）` : '未登录';

  const logout = () =>
    modal.confirm({
      title: '退出登录',
      content: '退出后不能提交和同步，本机已填报的内容都会保留。下次在“同步设置”中重新登录即可继续。',
      okText: '退出登录',
      cancelText: '取消',
      onOk: async () => {
        const r = await api['sync.logout'](undefined);
        if (r.ok) void message.success('已退出登录。');
        else void message.error(r.error.message);
        onChanged();
      },
    });

  const items: MenuProps['items'] = [
    { key: 'profile', label: '修改资料' },
    signedIn
      ? { key: 'password', label: '修改密码' }
      : { key: 'signin', label: '登录（同步设置）' },
    ...(signedIn ? [{ type: 'divider' as const }, { key: 'logout', label: '退出登录' }] : []),
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile' || key === 'password') setOpen(key);
    else if (key === 'signin') onSignIn();
    else if (key === 'logout') logout();
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button type="text" aria-label={`账号：${label}`} style={{ color: '#fff', paddingInline: 4 }}>
          {label} ▾
        </Button>
      </Dropdown>
      <ProfileModal
        open={open === 'profile'}
        account={account}
        onClose={(saved) => {
          setOpen(undefined);
          if (saved) onChanged();
        }}
      />
      <ChangePasswordModal
        open={open === 'password'}
        username={account?.username ?? ''}
        onClose={(changed) => {
          setOpen(undefined);
          if (changed) onChanged();
        }}
      />
    </>
  );
}
