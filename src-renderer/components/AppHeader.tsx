import { useEffect } from 'react';
import { Layout, Space, Typography } from 'antd';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { AccountMenu } from './AccountMenu.js';
import { HelpMenu } from '../help/HelpMenu.js';

/** Often enough that the date turns at midnight and a sign-in on 同步设置 shows within moments. */
const REFRESH_MS = 15_000;

/**
 * The window's header as the manual shows it ("行政执法人员报名系统 2024-01-17 10:09:12 星期三
 * 福州市儿童公园管理处"): the name, then on the right today's date and weekday by the main process's
 * clock and the unit signed in, whose ▾ opens 修改资料 / 修改密码 / 退出登录. `refreshKey` changes
 * (the page shown) load it again at once. 帮助 ▾ opens the 使用说明 at `helpSection`, the page's part.
 */
export function AppHeader({ refreshKey, helpSection, onSignIn }: { refreshKey: string; helpSection: string; onSignIn: () => void }) {
  const account = useCall(() => api['account.get'](undefined), [refreshKey]);
  const { reload } = account;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const a = account.value;
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 20 }}>
      <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
        执法人员报名助手
      </Typography.Title>
      <Space size={16} style={{ marginLeft: 'auto', color: '#fff', whiteSpace: 'nowrap' }}>
        {a && <span aria-label="今天">{a.todayText}</span>}
        <AccountMenu account={a} onChanged={reload} onSignIn={onSignIn} />
        <HelpMenu section={helpSection} />
      </Space>
    </Layout.Header>
  );
}
