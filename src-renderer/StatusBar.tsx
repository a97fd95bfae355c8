import { useEffect, useState } from 'react';
import { App as AntApp, Badge, Button, Layout, Space, Tooltip, Typography } from 'antd';
import { api } from './api/desktop-client.js';
import { usePolling } from './use-polling.js';
import { networkWords, newsWords, pulledWords, signInWords } from './sync-words.js';
import { showsUpdate, UpdateNotice } from './UpdateNotice.js';

/**
 * A status text cut to `width` pixels with an ellipsis (its whole text is in the item's tooltip): with
 * "连不上同步服务器：…" and a 新消息 notice both showing, the line must still end inside a 1366-wide window
 * with 上次同步 and 立即同步 in view.
 */
function cut(text: string, width: number) {
  return <span style={{ display: 'inline-block', maxWidth: width, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'bottom' }}>{text}</span>;
}

/** The pages the notice leads to. */
export type NoticeTarget = 'returned' | 'manage';

/**
 * 状态栏: the server as last reached, signed in or not (需修改密码 too), the upload queue, long jobs'
 * progress, what came back and has not been seen, the last sync, 立即同步, and the program's own update
 * (UpdateNotice). The network
 * returning (the browser's online event) pulls at once, as the main process does in the app.
 */
export function StatusBar({ onOpen, onPulled }: { onOpen?: (page: NoticeTarget) => void; onPulled?: (at: string) => void }) {
  const { message } = AntApp.useApp();
  const [tick, setTick] = useState(0);
  const status = usePolling(() => api['sync.status'](undefined), 2000, tick);
  const progress = usePolling(() => api['progress.current'](undefined), 1000);
  const update = usePolling(() => api['updates.state'](undefined), 3000);
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
          <Tooltip
            title={
              <>
                <div>{net.text}</div>
                <div>{net.tip}</div>
              </>
            }
          >
            <Badge status={net.state} text={cut(net.text, 380)} data-testid="network-state" />
          </Tooltip>
        )}
        {who && (
          <Tooltip title={who.text}>
            <Badge status={who.state} text={cut(who.text, 260)} />
          </Tooltip>
        )}
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
        {showsUpdate(update) && <UpdateNotice state={update} />}
      </Space>
    </Layout.Footer>
  );
}
