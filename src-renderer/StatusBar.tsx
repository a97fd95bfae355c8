import { useEffect, useState } from 'react';
import { Badge, Layout, Space, Typography } from 'antd';
import { api } from './api/desktop-client.js';
import { usePolling } from './use-polling.js';

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** 状态栏: online or not, signed in or not, the upload queue, long jobs' progress, the last sync. */
export function StatusBar() {
  const online = useOnline();
  const status = usePolling(() => api['sync.status'](undefined), 2000);
  const progress = usePolling(() => api['progress.current'](undefined), 1000);
  const waiting = status?.queue.filter((j) => j.state !== 'failed').length ?? 0;
  return (
    <Layout.Footer style={{ padding: '4px 16px', fontSize: 12 }} data-testid="status-bar">
      <Space split="｜">
        <Badge status={online ? 'success' : 'default'} text={online ? '网络已连接' : '离线：数据保存在本机，联网后自动上传'} />
        <Typography.Text>{status?.signedIn ? `已登录：${status.signedIn.username}` : '未登录同步服务器'}</Typography.Text>
        {status && <Typography.Text>{`待提交：${waiting} 个批次`}</Typography.Text>}
        {(progress ?? []).map((p) => (
          <Typography.Text key={p.task}>{p.text}</Typography.Text>
        ))}
        {status?.lastSyncAt && <Typography.Text>{`上次同步：${status.lastSyncAt.slice(0, 16).replace('T', ' ')}`}</Typography.Text>}
      </Space>
    </Layout.Footer>
  );
}
