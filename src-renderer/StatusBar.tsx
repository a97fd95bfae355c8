import { useEffect, useState } from 'react';
import { App as AntApp, Badge, Button, Layout, Space, Tooltip, Typography } from 'antd';
import { api } from './api/desktop-client.js';
import { usePolling } from './use-polling.js';
import { networkWords, newsWords, pulledWords, signInWords } from './sync-words.js';

/** The pages the notice leads to. */
export type NoticeTarget = 'returned' | 'manage';

/**
 * 状态栏: the server as last reached, signed in or not (需修改密码 too), the upload queue, long jobs'
 * progress, what came back and has not been seen, the last sync, and 立即同步. The network
 * returning (the browser's online event) pulls at once, as the main process does in the app.
 */
export function StatusBar({ onOpen, onPulled }: { onOpen?: (page: NoticeTarget) => void; onPulled?: (at: string) => void }) {
  const { message } = AntApp.useApp();
  const [tick, setTick] = useState(0);
  const status = usePolling(() => api['sync.status'](undefined), 2000, tick);
  const progress = usePolling(() => api['progress.current'](undefined), 1000);
  const [pulling, setPulling] = useState(false);

  const pull = async (quiet: boolean) => {
    setPulling(true);
    const r = await api['sync.pull'](undefined);
    setPulling(false);
    setTick((t) => t + 1);
    if (quiet) return;
    if (r.ok) void message.success(pulledWords(r.value));
    else void message.error(r.error.message);
  };
  useEffect(() => {
    const back = () => void pull(true);
    window.addEventListener('online', back);
    return () => window.removeEventListener('online', back);
  }, []);

  // A pull finished (in the background too): the pages showing what pulls bring list it again.
  const lastSyncAt = status?.lastSyncAt ?? '';
  useEffect(() => onPulled?.(lastSyncAt), [lastSyncAt]);

  const openNews = async () => {
    const target: NoticeTarget = (status?.news.rejected ?? 0) > 0 ? 'returned' : 'manage';
    await api['sync.seenNews'](undefined);
    setTick((t) => t + 1);
    onOpen?.(target);
  };

  const waiting = status?.queue.filter((j) => j.state !== 'failed').length ?? 0;
  const net = status && networkWords(status);
  const who = status && signInWords(status);
  const news = status ? newsWords(status.news) : '';
  return (
    // One line at the window's bottom, whatever shows: long items are cut with their whole text in a tooltip.
    <Layout.Footer style={{ padding: '4px 16px', fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden', flex: 'none' }} data-testid="status-bar">
      <Space split="｜" size={[8, 0]}>
        {net && (
          <Tooltip title={net.tip}>
            <Badge status={net.state} text={net.text} data-testid="network-state" />
          </Tooltip>
        )}
        {who && <Badge status={who.state} text={who.text} />}
        {status && <Typography.Text>{`待提交：${waiting} 个批次`}</Typography.Text>}
        {(progress ?? []).map((p) => (
          <Typography.Text key={p.task} style={{ maxWidth: 320 }} ellipsis={{ tooltip: p.text }}>
            {p.text}
          </Typography.Text>
        ))}
        {news && (
          <Button size="small" type="primary" danger={(status?.news.rejected ?? 0) > 0} onClick={() => void openNews()} data-testid="news-notice">
            {news}
          </Button>
        )}
        {status?.lastSyncAt && <Typography.Text>{`上次同步：${status.lastSyncAt.slice(0, 16).replace('T', ' ')}`}</Typography.Text>}
        {status?.serverUrl && (
          <Button size="small" loading={pulling || status.pulling} onClick={() => void pull(false)}>
            立即同步
          </Button>
        )}
      </Space>
    </Layout.Footer>
  );
}
