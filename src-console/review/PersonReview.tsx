import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Space, Spin, Typography } from 'antd';
import type { ReviewPersonResponse } from '../../src-shared/contract/sync-api.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { callApi } from '../api/console-client.js';
import { codeTables } from './reference-cache.js';
import { shortcutAllowed } from '../components/keyboard.js';
import { PersonDetail } from './person/PersonDetail.js';
import { useHelpTopic } from '../../src-web/manual/help-topic.js';
import { PERSON_SECTION } from '../help/page-sections.js';

/**
 * One person as the reviewer decides on them: every field, the server's findings, the photo at real
 * size, the evidence opened inline, earlier versions with what changed, and the review history.
 * A = 通过, R = 驳回, J/K = next/previous, Esc = close. `readOnly` (an administrator, or anyone opening
 * people from 批次与导出) shows the same without 通过/驳回 and without A/R, and says why.
 */
export function PersonReview({ personId, position, onApprove, onReject, onMove, onClose, busy = false, approvalOutcome, readOnly }: {
  personId: number | undefined;
  /** "3 / 12" in the queue, for the title. */
  position: string;
  onApprove?: (p: ReviewPersonResponse) => void;
  onReject?: (p: ReviewPersonResponse) => void;
  onMove: (step: 1 | -1) => void;
  onClose: () => void;
  busy?: boolean;
  /** What 通过 does in this deployment, e.g. "通过即终审，将生成学习账号": shown by the 通过 button so A is not a guess. */
  approvalOutcome?: string;
  /** Only looking: no decision buttons or keys; `reason` is shown at the top. */
  readOnly?: { reason: string };
}) {
  const [person, setPerson] = useState<{ value?: ReviewPersonResponse; error?: string }>({});
  const [tables, setTables] = useState<CodeTables>();
  // 帮助 / F1 while the detail is open: the manual's part on it, not the page's.
  useHelpTopic(personId !== undefined ? PERSON_SECTION : undefined);

  useEffect(() => {
    void codeTables().then((r) => r.ok && setTables(r.value));
  }, []);
  useEffect(() => {
    if (personId === undefined) return;
    let live = true;
    setPerson({});
    void callApi('GET /review/persons/:personId', undefined, { personId }).then((r) => {
      if (live) setPerson(r.ok ? { value: r.value } : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [personId]);

  const p = person.value;
  const approve = !readOnly && onApprove;
  const reject = !readOnly && onReject;
  useEffect(() => {
    if (personId === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (!shortcutAllowed(e)) return;
      const key = e.key.toLowerCase();
      if (key === 'a' && approve && p?.decidable && !busy) approve(p);
      else if (key === 'r' && reject && p?.decidable && !busy) reject(p);
      else if (key === 'j' || e.key === 'ArrowDown') onMove(1);
      else if (key === 'k' || e.key === 'ArrowUp') onMove(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const notice = readOnly
    ? readOnly.reason
    : p && !p.decidable
      ? '此人现在不在你这一级等待审核（已审核、已退回或在其他级别），只能查看。'
      : undefined;

  return (
    <Drawer
      open={personId !== undefined}
      onClose={onClose}
      size="min(1280px, 96vw)"
      title={p ? `${p.fields.name}（${position}）` : '人员详情'}
      extra={
        <Space>
          <Button onClick={() => onMove(-1)}>
            上一个 <span className="console-kbd">K</span>
          </Button>
          <Button onClick={() => onMove(1)}>
            下一个 <span className="console-kbd">J</span>
          </Button>
          {reject && (
            <Button danger disabled={!p?.decidable} loading={busy} onClick={() => p && reject(p)}>
              驳回 <span className="console-kbd">R</span>
            </Button>
          )}
          {approve && (
            <Button type="primary" disabled={!p?.decidable} loading={busy} onClick={() => p && approve(p)}>
              通过 <span className="console-kbd">A</span>
            </Button>
          )}
          {approve && approvalOutcome && p?.decidable && (
            <Typography.Text type="secondary" data-testid="approval-outcome">
              {approvalOutcome}
            </Typography.Text>
          )}
        </Space>
      }
    >
      {person.error && <Alert type="error" showIcon title={person.error} />}
      {!p && !person.error && <Spin />}
      {p && <PersonDetail person={p} tables={tables} notice={notice} />}
    </Drawer>
  );
}
