import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { ConsoleApp } from './ConsoleApp.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { reportClientError } from './error-reporting.js';
import { reportWindowErrors } from '../src-shared/client-error-report.js';
import './console.css';

reportWindowErrors(window, reportClientError);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f5fa8', borderRadius: 4 } }}>
      <AntApp>
        <ErrorBoundary where="app">
          <ConsoleApp />
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
