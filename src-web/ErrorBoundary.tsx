import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { clientErrorOf, componentStackHead } from '../src-shared/client-error-report.js';
import type { ClientError } from '../src-shared/contract/client-error.js';

/**
 * A render error below this shows "出错了，已记录" with a 重新加载 button instead of a white page, and is
 * reported with the component stack (the window to the desktop log, the console to the server's).
 * `where` names the part of the page (the menu's page, or the app); `explanation` says, in the app's
 * own words, where it was recorded and what is safe.
 */
export class ErrorBoundary extends Component<
  { where: string; report: (r: ClientError) => void; explanation: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.report(clientErrorOf('render', error, `${this.props.where}\n${componentStackHead(info.componentStack)}`));
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title="出错了，已记录"
        subTitle={this.props.explanation}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            重新加载
          </Button>
        }
      />
    );
  }
}

/** The boundary an app uses: its reporter and its words, fixed once. */
export function boundaryFor(report: (r: ClientError) => void, explanation: ReactNode) {
  return function AppErrorBoundary({ where, children }: { where: string; children: ReactNode }) {
    return (
      <ErrorBoundary where={where} report={report} explanation={explanation}>
        {children}
      </ErrorBoundary>
    );
  };
}
