import { useState } from 'react';
import { Alert, App as AntApp, Button, Popconfirm, Progress, Space, Table, Tag, Tooltip } from 'antd';
import { BATCH_STATUS_LABEL, type BatchSummaryView } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { usePolling } from '../use-polling.js';
import { localClock } from '../../src-shared/local-time.js';
import { UNCONFIRMED_WORD } from '../../src-shared/status-words.js';
import { ellipsis, renderTipped } from '../components/table-cells.js';

const JOB_STATE: Record<string, string> = { queued: '排队中', running: '正在上传', interrupted: '已中断，稍后自动继续', paused: '已暂停', failed: '未通过', done: '已完成', cancelled: '已撤回' };

/** Short columns keep to one line; the 上传 column takes what is left (1366×768: no one-character wrapping). */
const NOWRAP = { onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/** Why 提交 waits, before it is clicked: errors in rows or photos, and how many have no photo yet. */
function notReadyHint(b: BatchSummaryView): string {
  const noPhoto = b.noPhoto > 0 ? `（其中 ${b.noPhoto} 人还没有照片）` : '';
  return `${b.invalid} 人的信息或照片还有问题${noPhoto}，请先在“人员导入”的“问题清单”中查看并修改`;
}

/** 人员提交: batches without errors go to the judicial bureau; uploads queue and survive being offline. */
export function SubmitPage() {
  const { message } = AntApp.useApp();
  // Both polled: an upload finishing (often within a second) changes its batch's status.
  const batches = usePolling(() => api['batches.list'](undefined), 1500);
  const status = usePolling(() => api['sync.status'](undefined), 1500);
  const [error, setError] = useState<string>();
  const jobFor = (batchId: string) => status?.queue.find((j) => j.batchId === batchId);

  const submit = async (b: BatchSummaryView) => {
    const r = await api['sync.submit']({ batchId: b.id });
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    void message.success(`批次 ${b.number} 已加入提交队列${status?.signedIn ? '，正在上传。' : '。请先在“同步设置”中登录，联网后自动上传。'}`);
  };
  const control = async (method: 'sync.pause' | 'sync.resume', jobId: number) => {
    const r = await api[method]({ jobId });
    setError(r.ok ? undefined : r.error.message);
  };
  // 撤回: the batch is 填报中 again, so its people can be fixed or deleted in 人员导入.
  const withdraw = async (jobId: number) => {
    const r = await api['sync.withdraw']({ jobId });
    if (!r.ok) return setError(r.error.message);
    setError(undefined);
    void message.success(`批次 ${r.value.batchNumber} 的提交已撤回。`);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(undefined)} />}
      <Table<BatchSummaryView>
        rowKey="id"
        size="small"
        loading={batches === undefined}
        dataSource={batches ?? []}
        pagination={false}
        tableLayout="fixed"
        columns={[
          { title: '批次名称', dataIndex: 'name', width: 224, ...ellipsis, render: renderTipped },
          { title: '批次号', dataIndex: 'number', width: 170, ...NOWRAP },
          { title: '数量', dataIndex: 'persons', width: 60, ...NOWRAP },
          { title: '有错误', dataIndex: 'invalid', width: 72, ...NOWRAP, render: (n: number, b) => (n > 0 ? <Tooltip title={notReadyHint(b)}><Tag color="red">{n}</Tag></Tooltip> : 0) },
          { title: '状态', dataIndex: 'status', width: 76, ...NOWRAP, render: (s: BatchSummaryView['status']) => BATCH_STATUS_LABEL[s] },
          {
            title: '上传',
            render: (_v, b) => {
              const job = jobFor(b.id);
              if (!job) return null;
              return (
                <Space direction="vertical" size={0}>
                  <span>{JOB_STATE[job.state] ?? job.state}</span>
                  {job.filesTotal > 0 && (
                    <Progress size="small" percent={Math.round((job.filesDone / job.filesTotal) * 100)} format={() => `${job.filesDone}/${job.filesTotal}`} style={{ width: 180 }} />
                  )}
                  {job.unconfirmed && <span>{`${UNCONFIRMED_WORD}：批次已发出，等待服务器确认`}</span>}
                  {job.errorMessage && <span style={{ color: '#cf1322' }}>{job.errorMessage}</span>}
                  {job.state === 'queued' && job.errorMessage && new Date(job.nextAttemptAt) > new Date() && <span>{`将于 ${localClock(new Date(job.nextAttemptAt))} 自动重试`}</span>}
                </Space>
              );
            },
          },
          {
            title: '操作',
            width: 220,
            ...NOWRAP,
            render: (_v, b) => {
              const job = jobFor(b.id);
              if (job) {
                return (
                  <Space>
                    {job.state === 'paused' && <Button size="small" onClick={() => void control('sync.resume', job.id)}>继续</Button>}
                    {job.state === 'queued' && job.errorMessage && <Button size="small" onClick={() => void control('sync.resume', job.id)}>立即重试</Button>}
                    {job.state === 'queued' && <Button size="small" onClick={() => void control('sync.pause', job.id)}>暂停</Button>}
                    <Popconfirm
                      title={`撤回批次 ${job.batchNumber}？`}
                      description={
                        b.status === 'submitted'
                          ? '还没有发出的重新提交会停止，退回的人员留在“人员退回”中，可以继续修改。'
                          : '还没有发出的提交会停止，批次回到“填报中”，可以修改或删除人员后再提交。'
                      }
                      okText="撤回"
                      cancelText="取消"
                      onConfirm={() => void withdraw(job.id)}
                    >
                      <Button size="small" danger>撤回</Button>
                    </Popconfirm>
                  </Space>
                );
              }
              return b.status === 'draft' || b.status === 'ready' ? (
                <Button type="primary" size="small" disabled={b.invalid > 0} title={b.invalid > 0 ? notReadyHint(b) : ''} onClick={() => void submit(b)}>
                  提交
                </Button>
              ) : null;
            },
          },
        ]}
        locale={{ emptyText: '还没有批次：请先在“人员导入”中导入采集表。' }}
      />
    </Space>
  );
}
