import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Card, Col, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { REVIEW_LEVEL_NAME, type ReviewListItem, type ReviewPendingResponse, type ReviewPersonResponse, type UserView } from '../../src-shared/contract/sync-api.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { callApi } from '../api/console-client.js';
import { decide, type DecisionItem } from './decide.js';
import { PersonReview } from './PersonReview.js';
import { RejectDialog } from './RejectDialog.js';
import { shortcutAllowed } from '../components/keyboard.js';

type Filter = { unitId?: number; batchId?: string };

const QUEUE_REFRESH_MS = 60_000;

/** Units with their batches, each with how many people wait for this reviewer. */
function groupByUnit(pending: ReviewPendingResponse): Array<{ unitId: number; unitName: string; count: number; batches: ReviewPendingResponse['batches'] }> {
  const units = new Map<number, { unitId: number; unitName: string; count: number; batches: ReviewPendingResponse['batches'] }>();
  for (const b of pending.batches) {
    const u = units.get(b.unitId) ?? { unitId: b.unitId, unitName: b.unitName, count: 0, batches: [] };
    u.count += b.pending;
    u.batches.push(b);
    units.set(b.unitId, u);
  }
  return [...units.values()];
}

/**
 * The reviewer's queue: who waits at this reviewer's bureau and level, by unit and batch. Select
 * people (or a whole batch) and approve or reject them at once, or open one person and go through the
 * queue with the keyboard: J/K move, X selects, Enter opens, A approves, R rejects.
 */
export function QueuePage({ user }: { user: UserView }) {
  const { message, modal } = AntApp.useApp();
  const [pending, setPending] = useState<ReviewPendingResponse>();
  const [loadError, setLoadError] = useState<string>();
  const [filter, setFilter] = useState<Filter>({});
  const [selected, setSelected] = useState<number[]>([]);
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState<number>();
  const [rejecting, setRejecting] = useState<{ items: DecisionItem[]; who: string; fromDetail: boolean }>();
  const [busy, setBusy] = useState(false);
  const [decideError, setDecideError] = useState<string>();

  const load = useCallback(async (): Promise<ReviewPendingResponse | undefined> => {
    const r = await callApi('GET /review/pending', {});
    if (!r.ok) {
      setLoadError(r.error.message);
      return undefined;
    }
    setLoadError(undefined);
    setPending(r.value);
    return r.value;
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // New submissions arrive while the reviewer works: look again every minute, but never while a person
  // or a dialog is open (the list would move under them) nor while the tab is in the background.
  useEffect(() => {
    if (open !== undefined || rejecting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !busy) void load();
    }, QUEUE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, rejecting, busy, load]);

  const visible = useMemo(
    () => (pending?.persons ?? []).filter((p) => (filter.batchId ? p.batchId === filter.batchId : filter.unitId ? p.unitId === filter.unitId : true)),
    [pending, filter],
  );
  const units = useMemo(() => (pending ? groupByUnit(pending) : []), [pending]);
  const chosen = visible.filter((p) => selected.includes(p.personId));
  const openIndex = open === undefined ? -1 : visible.findIndex((p) => p.personId === open);

  /** Decide; then reload and, from the detail, go on to the person after. */
  const run = async (items: DecisionItem[], result: 'approved' | 'rejected', comment: string, fromDetail: boolean): Promise<boolean> => {
    const nextId = fromDetail ? visible.slice(openIndex + 1).find((p) => !items.some((i) => i.personId === p.personId))?.personId : undefined;
    setBusy(true);
    const r = await decide(items, result, comment);
    setBusy(false);
    if (!r.ok) {
      setDecideError(r.error.message);
      message.error(r.error.message);
      await load();
      return false;
    }
    setDecideError(undefined);
    const accounts = r.value.filter((d) => d.studyAccount).length;
    message.success(`已${result === 'approved' ? '通过' : '驳回'} ${r.value.length} 人${accounts > 0 ? `，生成学习账号 ${accounts} 个` : ''}。`);
    setSelected((s) => s.filter((id) => !items.some((i) => i.personId === id)));
    await load();
    if (fromDetail) setOpen(nextId);
    return true;
  };

  const approveSelection = (items: DecisionItem[], who: string) => {
    modal.confirm({
      title: `通过 ${who}？`,
      content: user.reviewLevel === 'county' ? '通过后将提交上一级司法局终审（两级审核时）。' : '通过后即为审核通过，单位将收到结果和学习账号。',
      okText: '确认通过（Enter）',
      cancelText: '取消',
      autoFocusButton: 'ok',
      onOk: () => run(items, 'approved', '', false),
    });
  };
  const itemsOf = (rows: readonly ReviewListItem[]): DecisionItem[] => rows.map((p) => ({ personId: p.personId, version: p.version }));
  const selectionOrCursor = (): ReviewListItem[] => (chosen.length > 0 ? chosen : visible[cursor] ? [visible[cursor]] : []);
  const whoOf = (rows: readonly ReviewListItem[]) => (rows.length === 1 ? rows[0]!.name : `所选 ${rows.length} 人`);

  // The queue's keys (not while the detail or a dialog is open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (open !== undefined || rejecting || !shortcutAllowed(e)) return;
      const key = e.key.toLowerCase();
      if (key === 'j' || e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, Math.max(visible.length - 1, 0)));
      else if (key === 'k' || e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
      else if (key === 'x' || e.key === ' ') {
        const p = visible[cursor];
        if (p) setSelected((s) => (s.includes(p.personId) ? s.filter((id) => id !== p.personId) : [...s, p.personId]));
      } else if (e.key === 'Enter' || key === 'o') {
        if (visible[cursor]) setOpen(visible[cursor].personId);
      } else if (key === 'a') {
        const rows = selectionOrCursor();
        if (rows.length > 0) approveSelection(itemsOf(rows), whoOf(rows));
      } else if (key === 'r') {
        const rows = selectionOrCursor();
        if (rows.length > 0) setRejecting({ items: itemsOf(rows), who: whoOf(rows), fromDetail: false });
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const batch = filter.batchId ? pending?.batches.find((b) => b.batchId === filter.batchId) : undefined;
  const total = pending?.persons.length ?? 0;

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        待审核人员
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {user.jurisdiction?.name} · {user.reviewLevel ? `${REVIEW_LEVEL_NAME[user.reviewLevel]}审核` : ''}，只显示在你这一级等待审核的人员
        </Typography.Text>
      </Typography.Title>
      {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} action={<Button onClick={() => void load()}>重试</Button>} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card size="small" title="按单位和批次" styles={{ body: { padding: 0 } }}>
            <List size="small" data-testid="queue-groups">
              <List.Item style={{ cursor: 'pointer', paddingLeft: 12, background: !filter.unitId && !filter.batchId ? '#e6f0fb' : undefined }} onClick={() => setFilter({})}>
                全部待审核 <Badge count={total} showZero color="#1f5fa8" />
              </List.Item>
              {units.map((u) => (
                <div key={u.unitId}>
                  <List.Item
                    style={{ cursor: 'pointer', paddingLeft: 12, fontWeight: 600, background: filter.unitId === u.unitId && !filter.batchId ? '#e6f0fb' : undefined }}
                    onClick={() => setFilter({ unitId: u.unitId })}
                  >
                    {u.unitName} <Badge count={u.count} showZero color="#1f5fa8" />
                  </List.Item>
                  {u.batches.map((b) => (
                    <List.Item
                      key={b.batchId}
                      data-testid={`batch-${b.number}`}
                      style={{ cursor: 'pointer', paddingLeft: 28, background: filter.batchId === b.batchId ? '#e6f0fb' : undefined }}
                      onClick={() => setFilter({ unitId: u.unitId, batchId: b.batchId })}
                    >
                      <span>
                        {b.number}
                        <br />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {b.name}
                        </Typography.Text>
                      </span>
                      <Badge count={b.pending} showZero color="#8c8c8c" />
                    </List.Item>
                  ))}
                </div>
              ))}
            </List>
          </Card>
        </Col>
        <Col span={18}>
          <Space style={{ marginBottom: 12 }} wrap>
            <Button type="primary" disabled={selectionOrCursor().length === 0 || busy} onClick={() => approveSelection(itemsOf(selectionOrCursor()), whoOf(selectionOrCursor()))}>
              通过{chosen.length > 0 ? `所选（${chosen.length}）` : ''} <span className="console-kbd">A</span>
            </Button>
            <Button
              danger
              disabled={selectionOrCursor().length === 0 || busy}
              onClick={() => setRejecting({ items: itemsOf(selectionOrCursor()), who: whoOf(selectionOrCursor()), fromDetail: false })}
            >
              驳回{chosen.length > 0 ? `所选（${chosen.length}）` : ''} <span className="console-kbd">R</span>
            </Button>
            {batch && (
              <Button disabled={busy || visible.length === 0} onClick={() => approveSelection(itemsOf(visible), `批次 ${batch.number} 的全部 ${visible.length} 人`)}>
                整批通过（{visible.length} 人）
              </Button>
            )}
            <Button onClick={() => void load()}>刷新</Button>
            <Typography.Text type="secondary">
              快捷键：<span className="console-kbd">J</span>/<span className="console-kbd">K</span> 上下移动，<span className="console-kbd">X</span> 勾选，
              <span className="console-kbd">Enter</span> 查看详情，<span className="console-kbd">A</span> 通过，<span className="console-kbd">R</span> 驳回
            </Typography.Text>
          </Space>
          {decideError && <Alert type="error" showIcon title={decideError} style={{ marginBottom: 12 }} closable onClose={() => setDecideError(undefined)} />}
          <div data-testid="queue-table">
          <Table<ReviewListItem>
            size="small"
            rowKey="personId"
            dataSource={visible}
            loading={!pending && !loadError}
            pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => `共 ${n} 人` }}
            locale={{ emptyText: <Empty description={pending ? '没有等待你审核的人员。' : '正在读取…'} /> }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
            rowClassName={(_, i) => (i === cursor ? 'row-selected' : '')}
            onRow={(p, i) => ({
              onClick: () => setCursor(i ?? 0),
              onDoubleClick: () => setOpen(p.personId),
            })}
            columns={[
              { title: '姓名', dataIndex: 'name', width: 96, render: (name: string, p) => (
                  <a
                    href={`#person-${p.personId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setOpen(p.personId);
                    }}
                  >
                    {name}
                  </a>
                ),
              },
              { title: '身份证号', dataIndex: 'idNumber', width: 190 },
              { title: '性别', dataIndex: 'gender', width: 60 },
              { title: '执法单位', dataIndex: 'unitName' },
              { title: '批次编号', dataIndex: 'batchNumber' },
              { title: '提交时间', dataIndex: 'submittedAt', render: (t: string) => chinaMinute(t) },
              { title: '第几次提交', dataIndex: 'version', width: 90, render: (v: number) => (v > 1 ? <Tag color="orange">第 {v} 次</Tag> : '首次') },
              { title: '提醒', dataIndex: 'warningCount', width: 70, render: (n: number) => (n > 0 ? <Tag color="orange">{n} 条</Tag> : '') },
            ]}
          />
          </div>
        </Col>
      </Row>
      <PersonReview
        personId={open}
        position={openIndex >= 0 ? `${openIndex + 1} / ${visible.length}` : '已审核'}
        busy={busy}
        onClose={() => setOpen(undefined)}
        onMove={(step) => {
          const i = openIndex + step;
          if (i >= 0 && i < visible.length) {
            setOpen(visible[i]!.personId);
            setCursor(i);
          }
        }}
        onApprove={(p: ReviewPersonResponse) => void run([{ personId: p.personId, version: p.version }], 'approved', '', true)}
        onReject={(p: ReviewPersonResponse) => setRejecting({ items: [{ personId: p.personId, version: p.version }], who: p.fields.name, fromDetail: true })}
      />
      <RejectDialog
        open={rejecting !== undefined}
        who={rejecting?.who ?? ''}
        busy={busy}
        error={decideError}
        onCancel={() => setRejecting(undefined)}
        onConfirm={(comment) => {
          const r = rejecting!;
          void run(r.items, 'rejected', comment, r.fromDetail).then((ok) => ok && setRejecting(undefined));
        }}
      />
    </>
  );
}
