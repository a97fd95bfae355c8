import { useState } from 'react';
import { Layout, Menu } from 'antd';
import { HomePage } from './pages/HomePage.js';
import { ImportPage } from './pages/ImportPage.js';
import { ReturnedPage } from './pages/ReturnedPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { SubmitPage } from './pages/SubmitPage.js';
import { ManagePage } from './pages/ManagePage.js';
import { QueryPage } from './pages/QueryPage.js';
import { RecordsPage } from './pages/RecordsPage.js';
import { ExamsPage } from './pages/ExamsPage.js';
import { CertificatesPage } from './certificates/CertificatesPage.js';
import { StatusBar } from './StatusBar.js';
import { PullStamp } from './pull-stamp.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { AppHeader } from './components/AppHeader.js';
import { SCREEN_SECTIONS } from './help/screen-sections.js';

/** The manual's menus (使用说明书 三、人员管理), in its words. */
const MENU = [
  { key: 'home', label: '首页' },
  { key: 'import', label: '人员导入' },
  { key: 'submit', label: '人员提交' },
  { key: 'returned', label: '人员退回' },
  { key: 'manage', label: '人员管理' },
  { key: 'query', label: '人员查询' },
  { key: 'records', label: '人员记录' },
  { key: 'exams', label: '考试信息' },
  { key: 'certificates', label: '取证' },
  { key: 'settings', label: '同步设置' },
] as const;
type PageKey = (typeof MENU)[number]['key'];

export function App() {
  const [page, setPage] = useState<PageKey>('home');
  const [pulledAt, setPulledAt] = useState('');
  // Sign-ins on 同步设置, so the header reads the account again at once.
  const [signIns, setSignIns] = useState(0);
  return (
    // The window's height exactly: the page scrolls inside its content area, so the menu's panel
    // reaches the status bar and the status bar stays at the window's bottom, never pushed below it.
    <Layout style={{ height: '100vh', overflow: 'hidden' }}>
      <AppHeader refreshKey={`${page}:${signIns}`} helpSection={SCREEN_SECTIONS[page]} onSignIn={() => setPage('settings')} />
      <Layout style={{ minHeight: 0 }}>
        <Layout.Sider width={160} theme="light" style={{ overflowY: 'auto' }}>
          <Menu mode="inline" style={{ minHeight: '100%' }} selectedKeys={[page]} items={MENU.map((m) => ({ key: m.key, label: m.label }))} onClick={(e) => setPage(e.key as PageKey)} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, overflow: 'auto', minWidth: 0 }}>
          <PullStamp.Provider value={pulledAt}>
            {/* One per page: another menu item still works after a page failed. */}
            <ErrorBoundary key={page} where={`page ${page}`}>
              {page === 'home' && <HomePage onOpen={setPage} />}
              {page === 'import' && <ImportPage />}
              {page === 'returned' && <ReturnedPage />}
              {page === 'submit' && <SubmitPage />}
              {page === 'settings' && <SettingsPage onSignedIn={() => setSignIns((n) => n + 1)} />}
              {page === 'manage' && <ManagePage />}
              {page === 'query' && <QueryPage />}
              {page === 'records' && <RecordsPage />}
              {page === 'exams' && <ExamsPage />}
              {page === 'certificates' && <CertificatesPage />}
            </ErrorBoundary>
          </PullStamp.Provider>
        </Layout.Content>
      </Layout>
      <StatusBar onOpen={setPage} onPulled={setPulledAt} />
    </Layout>
  );
}
