import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import type { UpdateFeedView, UpdateReleaseView } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { callApi, type ConsoleResult } from '../api/console-client.js';

/**
 * 桌面端更新 (administrators): the releases of the 报名助手 the server keeps, how many PCs get the newest
 * (its rollout percentage), pause, and 改回此版本 (point back). Publishing is on the server's command
 * line (`server-admin publish-update --dir …`), as the page says.
 */

const MB = 1024 * 1024;

function stateTag(r: UpdateReleaseView, paused: boolean) {
  if (r.withdrawn) return <Tag color="default">已撤回</Tag>;
  if (r.current) return paused ? <Tag color="orange">最新 · 暂停推送</Tag> : <Tag color="green">最新 · 推送中</Tag>;
  return <Tag color="blue">较早版本</Tag>;
}

export function UpdatesPage() {
  const { message, modal } = AntApp.useApp();
  const [feed, setFeed] = useState<UpdateFeedView>();
  const [error, setError] = useState<string>();
  const [percent, setPercent] = useState<number | null>(null);
  const [busy, setBusy] = useState<string>();

  const show = (v: UpdateFeedView) => {
    setFeed(v);
    setPercent(v.releases.find((r) => r.current)?.rolloutPercent ?? null);
  };
  const load = useCallback(async () => {
    const r = await callApi('GET /admin/updates');
    if (r.ok) {
      setError(undefined);
      show(r.value);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (key: string, run: () => Promise<ConsoleResult<UpdateFeedView>>, done: string) => {
    setBusy(key);
    const r = await run();
    setBusy(undefined);
    if (!r.ok) {
      message.error(r.error.message);
      return;
    }
    show(r.value);
    message.success(done);
  };

  const current = feed?.releases.find((r) => r.current);
  const saveRollout = () => {
    if (!current || percent === null) return;
    void act('rollout', () => callApi('PUT /admin/updates/rollout', { version: current.version, percent }), `版本 ${current.version} 现在推送给 ${percent}% 的电脑。`);
  };
  const setPaused = (paused: boolean) =>
    void act('pause', () => callApi('PUT /admin/updates/pause', { paused }), paused ? '已暂停推送最新版本。' : '已继续推送。');
  const pointBack = (r: UpdateReleaseView) =>
    modal.confirm({
      title: `${r.withdrawn ? '恢复' : '改回'}版本 ${r.version}？`,
      content: `比 ${r.version} 新的版本将被撤回，不再推送；${r.version} 推送给全部电脑。已经装了更新版本的电脑不会被降级。`,
      okText: r.withdrawn ? '恢复此版本' : '改回此版本',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => act(`back-${r.version}`, () => callApi('POST /admin/updates/point-back', { version: r.version }), `${r.version} 现在推送给全部电脑。`),
    });

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        桌面端更新
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        各单位的报名助手在启动时和每隔几小时向本服务器检查更新，在后台下载，退出时安装。新版本在服务器上用命令发布（服务器保留最近{' '}
        {feed?.keepDefault ?? 5} 个版本）：
        <br />
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          server-admin publish-update --dir &lt;安装程序所在文件夹&gt; [--rollout 10]
        </Typography.Text>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {feed?.paused && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="已暂停推送最新版本：电脑检查更新时只会得到上一个版本（已经下载好的电脑不受影响）。确认没有问题后请“继续推送”。"
        />
      )}
      {feed && (
        <Card size="small" title="推送" style={{ marginBottom: 16 }}>
          {current ? (
            <Space orientation="vertical" size="middle">
              <Space wrap>
                <span>
                  最新版本 <Typography.Text strong>{current.version}</Typography.Text> 推送给
                </span>
                <InputNumber aria-label="推送比例" min={0} max={100} precision={0} value={percent} onChange={(v) => setPercent(v)} suffix="%" style={{ width: 110 }} />
                <span>的电脑</span>
                <Button type="primary" disabled={percent === null || percent === current.rolloutPercent} loading={busy === 'rollout'} onClick={saveRollout}>
                  保存比例
                </Button>
              </Space>
              <Typography.Text type="secondary">
                比例按每台电脑固定计算：提高比例时，已经在推送范围内的电脑仍在范围内。建议先推送 10%，一两天内没有问题再提高到 100%。
              </Typography.Text>
              <Space>
                <Switch aria-label="暂停推送" checked={feed.paused} loading={busy === 'pause'} onChange={(on) => setPaused(on)} />
                <span>{feed.paused ? '已暂停推送（关闭开关即继续推送）' : '暂停推送：发现新版本有问题时，先让其他电脑不再下载它'}</span>
              </Space>
            </Space>
          ) : (
            <Typography.Text type="secondary">
              {feed.releases.length === 0 ? '还没有发布过任何版本。' : '所有版本都已撤回：请发布新版本，或在下表中改回某个版本。'}
            </Typography.Text>
          )}
        </Card>
      )}
      <Table<UpdateReleaseView>
        size="middle"
        rowKey="version"
        loading={!feed && !error}
        dataSource={feed?.releases ?? []}
        pagination={false}
        locale={{ emptyText: '还没有发布过桌面端版本' }}
        columns={[
          { title: '版本', dataIndex: 'version', width: 110, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: '状态', key: 'state', width: 140, render: (_, r) => stateTag(r, feed?.paused ?? false) },
          { title: '推送比例', dataIndex: 'rolloutPercent', width: 90, render: (p: number, r) => (r.withdrawn ? '—' : `${p}%`) },
          {
            title: '安装程序',
            key: 'installer',
            render: (_, r) => (
              <span>
                {r.installerName}
                <Typography.Text type="secondary">
                  {' '}
                  {(r.installerSize / MB).toFixed(1)} MB{r.hasBlockmap ? '' : '（无增量文件，整体下载）'}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: '发布',
            key: 'published',
            width: 200,
            render: (_, r) => (
              <>
                {chinaMinute(r.publishedAt)}
                <br />
                <Typography.Text type="secondary">{r.publishedBy}</Typography.Text>
              </>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 120,
            render: (_, r) =>
              r.current ? null : (
                <Button size="small" danger={!r.withdrawn} loading={busy === `back-${r.version}`} onClick={() => pointBack(r)}>
                  {r.withdrawn ? '恢复此版本' : '改回此版本'}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}
