import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { reportClientError } from './error-reporting.js';
import { reportWindowErrors } from '../src-shared/client-error-report.js';

reportWindowErrors(window, reportClientError);
// The date pickers' month and weekday names in Chinese: antd's locale has only its own words.
dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f5fa8', borderRadius: 4 } }}>
      <AntApp>
        <ErrorBoundary where="app">
          <App />
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
