import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { clientErrorOf, componentStackHead } from '../../src-shared/client-error-report.js';
import { reportClientError } from '../error-reporting.js';

/**
 * A render error below this shows "出错了，已记录" instead of a white page, and goes to the server's
 * log with the component stack. `where` names the part of the page (the menu's page, or the app).
 */
export class ErrorBoundary extends Component<{ where: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportClientError(clientErrorOf('render', error, `${this.props.where}\n${componentStackHead(info.componentStack)}`));
  }

  override render(): ReactNode {
    return this.state.failed ? <RenderFailed /> : this.props.children;
  }
}

function RenderFailed() {
  return (
    <Result
      status="error"
      title="出错了，已记录"
      subTitle={
        <>
          这个页面在显示时出了错，出错的情况已经记在服务器的日志里。已经作出的审核决定都保存在服务器上，不会丢失。
          <br />
          请点“重新加载”再试；如果再次出现，请记下出错的时间，告诉系统管理员。
        </>
      }
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          重新加载
        </Button>
      }
    />
  );
}
