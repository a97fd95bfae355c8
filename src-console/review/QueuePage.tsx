import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App as AntApp, Button, Flex, Typography, type InputRef } from 'antd';
import { REVIEW_PENDING_PAGE, type ReviewListItem, type ReviewPersonResponse, type UserView } from '../../src-shared/contract/sync-api.js';
import { decide, type DecisionItem } from './decide.js';
import { PersonReview } from './PersonReview.js';
import { RejectDialog } from './RejectDialog.js';
import { ShortcutHint } from '../components/ShortcutHelp.js';
import { approvalLines, approvalOutcome } from './queue/approval-words.js';
import { QueueTable } from './queue/QueueTable.js';
import { QueueToolbar, type QueueFilter } from './queue/QueueToolbar.js';
import { sinceLastVisitLine } from './queue/since-last-visit.js';
import { usePending } from './queue/use-pending.js';
import { useQueueCursor } from './queue/use-queue-cursor.js';
import { useQueueKeys } from './queue/use-queue-keys.js';

/**
 * The listed people in the chosen order: the server's (the longest waiting first) or by name (in pinyin
 * order, of those listed: the server filters, the browser sorts what it was given).
 */
function shown(persons: readonly ReviewListItem[], filter: QueueFilter): ReviewListItem[] {
  return filter.sort === 'name' ? [...persons].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.personId - b.personId) : [...persons];
}

/**
 * The reviewer's queue: who waits at this reviewer's bureau and level. Filter by unit, batch and
 * submission round, select people (or a whole batch) and approve or reject them at once, or go through
 * the queue with the keyboard (the list is in the "?" overlay). Every confirmation says what the
 * decision does in this deployment, with counts.
 */
export function QueuePage({ user: _user }: { user: UserView }) {
  const { message, modal } = AntApp.useApp();
  const [filter, setFilter] = useState<QueueFilter>({ round: 'all', sort: 'waiting', q: '' });
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState<number>();
  const [rejecting, setRejecting] = useState<{ items: DecisionItem[]; who: string; fromDetail: boolean }>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [decideError, setDecideError] = useState<string>();
  const home = useRef<HTMLDivElement>(null);
  const searchBox = useRef<InputRef>(null);

  const paused = open !== undefined || rejecting !== undefined || confirming || busy;
  const { pending, loadError, load, loadMore, loadingMore } = usePending({ unitId: filter.unitId, batchId: filter.batchId, round: filter.round, q: filter.q }, paused);
  const visible = useMemo(() => shown(pending?.persons ?? [], filter), [pending, filter]);
  const { cursorId, setCursorId, cursorRow, move, reset } = useQueueCursor(visible);
  const batches = pending?.batches ?? [];
  const chosen = visible.filter((p) => selected.includes(p.personId));
  const openIndex = open === undefined ? -1 : visible.findIndex((p) => p.personId === open);
  // The drawer keeps its title ("3 / 32") while it slides out, instead of a passing "已审核".
  const shownPosition = useRef('');
  if (openIndex >= 0) shownPosition.current = `${openIndex + 1} / ${visible.length}`;
  else if (open !== undefined) shownPosition.current = '已审核';

  // People decided elsewhere, or filtered away, leave the selection.
  useEffect(() => {
    setSelected((s) => (s.some((id) => !visible.some((p) => p.personId === id)) ? s.filter((id) => visible.some((p) => p.personId === id)) : s));
  }, [visible]);

  /** The keys go back to the list (after the detail, a dialog or a filter took the focus). */
  const refocus = () => setTimeout(() => home.current?.focus({ preventScroll: true }), 0);

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
    if (fromDetail) {
      setOpen(nextId);
      if (nextId !== undefined) setCursorId(nextId);
    }
    return true;
  };

  const itemsOf = (rows: readonly ReviewListItem[]): DecisionItem[] => rows.map((p) => ({ personId: p.personId, version: p.version }));
  const selectionOrCursor = (): ReviewListItem[] => (chosen.length > 0 ? chosen : cursorRow ? [cursorRow] : []);
  const whoOf = (rows: readonly ReviewListItem[]) => (rows.length === 1 ? rows[0]!.name : `所选 ${rows.length} 人`);

  const approve = (rows: readonly ReviewListItem[], who: string) => {
    if (rows.length === 0) return;
    setConfirming(true);
    modal.confirm({
      title: `通过 ${who}？`,
      content: (
        <div data-testid="approval-confirm">
          {approvalLines(rows, batches).map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      ),
      width: 520,
      okText: '确认通过（Enter）',
      cancelText: '取消',
      autoFocusButton: 'ok',
      // The keys go back to the list at once, not after the closing animation: Enter pressed while the
      // dialog fades would otherwise hit its 确认 button again instead of opening the next person.
      onOk: () =>
        run(itemsOf(rows), 'approved', '', false).finally(() => {
          setConfirming(false);
          refocus();
        }),
      onCancel: () => setConfirming(false),
      afterClose: refocus,
    });
  };
  const reject = (rows: readonly ReviewListItem[]) => {
    if (rows.length > 0) setRejecting({ items: itemsOf(rows), who: whoOf(rows), fromDetail: false });
  };

  const more = pending ? pending.total - pending.persons.length : 0;
  useQueueKeys(!paused, {
    // J on the last listed row lists the next page of a long queue.
    move: (step) => {
      if (step === 1 && more > 0 && !loadingMore && cursorRow && visible.at(-1)?.personId === cursorRow.personId) void loadMore();
      move(step);
    },
    toggle: () => cursorRow && setSelected((s) => (s.includes(cursorRow.personId) ? s.filter((id) => id !== cursorRow.personId) : [...s, cursorRow.personId])),
    open: () => cursorRow && setOpen(cursorRow.personId),
    approve: () => approve(selectionOrCursor(), whoOf(selectionOrCursor())),
    reject: () => reject(selectionOrCursor()),
    search: () => searchBox.current?.focus({ cursor: 'all' }),
  });

  const batch = filter.batchId ? batches.find((b) => b.batchId === filter.batchId) : undefined;
  const summary = pending && sinceLastVisitLine(pending);
  const openRow = openIndex >= 0 ? visible[openIndex] : undefined;

  return (
    <div ref={home} tabIndex={-1} style={{ outline: 'none' }} data-testid="queue-page">
      <Flex align="baseline" gap={12} style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          待审核人员
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="since-last-visit">
          {pending && `共 ${pending.total} 人等待你这一级审核`}
          {summary && `；${summary}`}
        </Typography.Text>
        <span style={{ marginLeft: 'auto' }}>
          <ShortcutHint />
        </span>
      </Flex>
      {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 8 }} action={<Button onClick={() => void load()}>重试</Button>} />}
      {pending && more > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="queue-more"
          title={`已列出等待最久的 ${pending.persons.length} 人，还有 ${more} 人未列出。${filter.sort === 'name' ? '按姓名排序只排已列出的人员；' : ''}要找某人，请在“姓名或身份证号”里输入。`}
          action={
            <Button size="small" loading={loadingMore} onClick={() => void loadMore().finally(refocus)}>
              再列出 {Math.min(more, REVIEW_PENDING_PAGE)} 人
            </Button>
          }
        />
      )}
      <QueueToolbar
        batches={batches}
        filter={filter}
        onFilter={(f) => {
          setFilter(f);
          reset();
        }}
        onDone={refocus}
        searchRef={searchBox}
        actions={
          <>
            <Button type="primary" disabled={selectionOrCursor().length === 0 || busy} onClick={() => approve(selectionOrCursor(), whoOf(selectionOrCursor()))}>
              通过{chosen.length > 0 ? `所选（${chosen.length}）` : ''} <span className="console-kbd">A</span>
            </Button>
            <Button danger disabled={selectionOrCursor().length === 0 || busy} onClick={() => reject(selectionOrCursor())}>
              驳回{chosen.length > 0 ? `所选（${chosen.length}）` : ''} <span className="console-kbd">R</span>
            </Button>
            {batch && (
              <Button disabled={busy || visible.length === 0} onClick={() => approve(visible, `批次 ${batch.number} 的全部 ${visible.length} 人`)}>
                整批通过（{visible.length} 人）
              </Button>
            )}
            <Button
              onClick={() => {
                void load();
                refocus();
              }}
            >
              刷新
            </Button>
          </>
        }
      />
      {decideError && <Alert type="error" showIcon title={decideError} style={{ marginBottom: 8 }} closable={{ onClose: () => setDecideError(undefined) }} />}
      <QueueTable
        rows={visible}
        cursorId={cursorId}
        selected={selected}
        lastVisitAt={pending?.lastVisitAt ?? null}
        loading={!pending && !loadError}
        emptyText={pending ? (filter.q.trim() ? `没有找到“${filter.q.trim()}”：等待你审核的人员里没有这个姓名或身份证号。` : '没有等待你审核的人员。') : '正在读取…'}
        onCursor={setCursorId}
        onOpen={(id) => {
          setCursorId(id);
          setOpen(id);
        }}
        onSelect={setSelected}
      />
      <PersonReview
        personId={open}
        position={shownPosition.current}
        busy={busy}
        approvalOutcome={approvalOutcome(batches.find((b) => b.batchId === openRow?.batchId))}
        onClose={() => {
          setOpen(undefined);
          refocus();
        }}
        onMove={(step) => {
          const next = visible[openIndex + step];
          if (next) {
            setOpen(next.personId);
            setCursorId(next.personId);
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
        onCancel={() => {
          if (!rejecting?.fromDetail) refocus();
          setRejecting(undefined);
        }}
        onConfirm={(comment) => {
          const r = rejecting!;
          void run(r.items, 'rejected', comment, r.fromDetail).then((ok) => {
            if (ok) {
              setRejecting(undefined);
              if (!r.fromDetail) refocus();
            }
          });
        }}
      />
    </div>
  );
}
