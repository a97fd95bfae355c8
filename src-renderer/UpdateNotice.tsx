import { useState } from 'react';
import { App as AntApp, Button, Space, Typography } from 'antd';
import { api } from './api/desktop-client.js';
import type { UpdateState } from '../src-shared/contract/desktop-updates-api.js';

/**
 * The status bar's part of 自动更新 (issue 21): the check and the download's progress while they run,
 * "新版本 x.y.z 已下载，重启后安装" with 立即重启 once a version is ready (main refuses, saying why, while
 * an upload or an import runs; without a click it installs when the program quits), and a failure in
 * Chinese. Nothing where the app does not update itself (browser mode, development) or has nothing to say.
 */
export function showsUpdate(state: UpdateState | undefined): state is UpdateState {
  return !!state && state.text !== '' && state.phase !== 'unavailable' && state.phase !== 'idle';
}

/** Only for a state `showsUpdate` accepts: the status bar separates its items, so it leaves out an empty one. */
export function UpdateNotice({ state }: { state: UpdateState }) {
  const { message } = AntApp.useApp();
  const [restarting, setRestarting] = useState(false);

  const restart = async () => {
    setRestarting(true);
    const r = await api['updates.restartNow'](undefined);
    setRestarting(false);
    if (r.ok) void message.info('正在关闭程序并安装新版本，完成后会自动重新打开。');
    else void message.warning(r.error.message);
  };

  if (state.phase === 'downloaded') {
    return (
      <Space size={4} data-testid="update-notice">
        <Typography.Text type="success">{state.text}</Typography.Text>
        <Button size="small" type="primary" loading={restarting} onClick={() => void restart()}>
          立即重启
        </Button>
      </Space>
    );
  }
  return (
    <Typography.Text data-testid="update-notice" type={state.phase === 'error' ? 'warning' : undefined} style={{ maxWidth: 320 }} ellipsis={{ tooltip: state.text }}>
      {state.text}
    </Typography.Text>
  );
}
