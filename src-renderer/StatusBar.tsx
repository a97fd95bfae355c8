import { Layout, Space, Typography } from 'antd';
import { api } from './api/desktop-client.js';
import { useCall } from './use-call.js';

/** 状态栏: signed in or not, the push queue and its progress. */
export function StatusBar() {
  const { value } = useCall(() => api['sync.status'](undefined), []);
  const job = value?.queue[0];
  return (
    <Layout.Footer style={{ padding: '4px 16px', fontSize: 12 }} data-testid="status-bar">
      <Space split="｜">
        <Typography.Text>{value?.signedIn ? `已登录：${value.signedIn.username}` : '未登录同步服务器'}</Typography.Text>
        <Typography.Text>{value ? `待提交：${value.queue.length} 个批次` : ''}</Typography.Text>
        {job && <Typography.Text>{`正在提交：${job.filesDone}/${job.filesTotal} 个文件`}</Typography.Text>}
      </Space>
    </Layout.Footer>
  );
}
