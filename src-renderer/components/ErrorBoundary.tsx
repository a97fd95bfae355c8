import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { clientErrorOf, componentStackHead } from '../../src-shared/client-error-report.js';
import { reportClientError } from '../error-reporting.js';

/**
 * A render error below this shows "出错了，已记录" instead of a white window, and goes to the desktop
 * log with the component stack. `where` names the part of the window (the menu's page, or the app).
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
          这个页面在显示时出了错，出错的情况已经记在报名助手的日志里。已录入的人员、照片和资料都保存在这台电脑上，不会丢失。
          <br />
          请点“重新加载”再试；如果再次出现，请记下出错的时间，联系技术支持并提供日志。
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
