import { useState } from 'react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { reviewStepName, type UserView } from '../src-shared/contract/sync-api.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { QueuePage } from './review/QueuePage.js';
import { BatchesPage } from './review/BatchesPage.js';
import { DashboardPage } from './review/DashboardPage.js';
import { AccountsPage } from './admin/AccountsPage.js';
import { RecordImportPage } from './admin/RecordImportPage.js';
import { SettingsPage } from './admin/SettingsPage.js';
import { UpdatesPage } from './admin/UpdatesPage.js';
import { ExamsPage } from './admin/exams/ExamsPage.js';
import { TrainingPage } from './admin/training/TrainingPage.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { ShortcutHelp } from './components/ShortcutHelp.js';
import { ConsoleHelp } from './help/ConsoleHelp.js';
import { PAGE_SECTIONS } from './help/page-sections.js';

type PageKey = 'queue' | 'dashboard' | 'batches' | 'accounts' | 'records' | 'settings' | 'exams' | 'training' | 'updates' | 'password';

const REVIEWER_MENU = [
  { key: 'queue', label: '待审核人员' },
  { key: 'dashboard', label: '工作概况' },
  { key: 'batches', label: '批次与导出' },
];
const ADMIN_MENU = [
  { key: 'dashboard', label: '工作概况' },
  { key: 'accounts', label: '单位与账号' },
  { key: 'records', label: '学习记录与考试成绩' },
  { key: 'exams', label: '考试任务' },
  { key: 'training', label: '培训课程与达标' },
  { key: 'settings', label: '审核级别与照片规格' },
  { key: 'updates', label: '桌面端更新' },
  { key: 'batches', label: '批次与导出' },
];

/** Who is signed in, in words: 青秀区司法局 · 县级审核, 自治区交通运输厅 · 部门法制机构审核. */
export function whoText(user: UserView): string {
  if (user.role === 'admin') return '系统管理员';
  const level = user.reviewLevel ? `${reviewStepName(user.reviewLevel, user.jurisdiction?.kind)}审核` : '';
  return [user.jurisdiction?.name, level].filter(Boolean).join(' · ');
}

/** The signed-in console: a menu by role, the page, and the account in the header. */
export function ConsoleShell({ user, onUserChanged, onSignOut }: { user: UserView; onUserChanged: (u: UserView) => void; onSignOut: () => void }) {
  const menu = user.role === 'admin' ? ADMIN_MENU : REVIEWER_MENU;
  const [page, setPage] = useState<PageKey>(menu[0]!.key as PageKey);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #e5e8ee' }}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 600, fontSize: 16 }}>审核控制台</div>
        <Menu mode="inline" selectedKeys={[page]} items={menu} onClick={(e) => setPage(e.key as PageKey)} />
      </Layout.Sider>
      <Layout>
        <div className="console-header">
          <Space>
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <Tag color="blue" data-testid="who">
              {whoText(user)}
            </Tag>
          </Space>
          <Space>
            <ConsoleHelp section={PAGE_SECTIONS[page]} admin={user.role === 'admin'} />
            <Button type="link" onClick={() => setPage('password')}>
              修改密码
            </Button>
            <Button onClick={onSignOut}>退出登录</Button>
          </Space>
        </div>
        <div className="console-main">
          {/* One per page: the menu still works after a page failed. */}
          <ErrorBoundary key={page} where={`page ${page}`}>
            {page === 'queue' && <QueuePage user={user} />}
            {page === 'dashboard' && <DashboardPage user={user} />}
            {page === 'batches' && <BatchesPage user={user} />}
            {page === 'accounts' && <AccountsPage user={user} />}
            {page === 'records' && <RecordImportPage />}
            {page === 'exams' && <ExamsPage />}
            {page === 'training' && <TrainingPage />}
            {page === 'settings' && <SettingsPage />}
            {page === 'updates' && <UpdatesPage />}
            {page === 'password' && (
              <ChangePasswordPage
                user={user}
                forced={false}
                onDone={(u) => {
                  onUserChanged(u);
                  setPage(menu[0]!.key as PageKey);
                }}
                onCancel={() => setPage(menu[0]!.key as PageKey)}
              />
            )}
          </ErrorBoundary>
        </div>
        <ShortcutHelp />
      </Layout>
    </Layout>
  );
}
