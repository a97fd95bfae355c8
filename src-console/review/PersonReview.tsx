import { useEffect, useState } from 'react';
import { Alert, Button, Col, Descriptions, Drawer, Empty, List, Row, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { REVIEW_LEVEL_NAME, type ReviewPersonResponse } from '../../src-shared/contract/sync-api.js';
import { fileNameForMime } from '../../src-shared/file-names.js';
import { fieldLabel } from '../../src-shared/template.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import { chinaMinute } from '../../src-shared/china-time.js';
import { SEVERITY_LABEL, type Severity } from '../../src-shared/domain/issue.js';
import { callApi } from '../api/console-client.js';
import { PhotoRealSize } from '../components/PhotoRealSize.js';
import { EvidenceViewer } from '../components/EvidenceViewer.js';
import { codeTables } from './reference-cache.js';
import { fieldRows } from './field-rows.js';
import { statusText } from './decide.js';
import { shortcutAllowed } from '../components/keyboard.js';

const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', fixed: 'green' };

/**
 * One person as the reviewer decides on them: every field, the server's findings, the photo at real
 * size, the evidence opened inline, earlier versions with what changed, and the review history.
 * A = 通过, R = 驳回, J/K = next/previous, Esc = close.
 */
export function PersonReview({ personId, position, onApprove, onReject, onMove, onClose, busy, approvalOutcome }: {
  personId: number | undefined;
  /** "3 / 12" in the queue, for the title. */
  position: string;
  onApprove: (p: ReviewPersonResponse) => void;
  onReject: (p: ReviewPersonResponse) => void;
  onMove: (step: 1 | -1) => void;
  onClose: () => void;
  busy: boolean;
  /** What 通过 does in this deployment, e.g. "通过即终审，将生成学习账号": shown by the 通过 button so A is not a guess. */
  approvalOutcome?: string;
}) {
  const [person, setPerson] = useState<{ value?: ReviewPersonResponse; error?: string }>({});
  const [tables, setTables] = useState<CodeTables>();
  const [evidenceIndex, setEvidenceIndex] = useState(0);

  useEffect(() => {
    void codeTables().then((r) => r.ok && setTables(r.value));
  }, []);
  useEffect(() => {
    if (personId === undefined) return;
    let live = true;
    setPerson({});
    setEvidenceIndex(0);
    void callApi('GET /review/persons/:personId', undefined, { personId }).then((r) => {
      if (live) setPerson(r.ok ? { value: r.value } : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [personId]);

  const p = person.value;
  useEffect(() => {
    if (personId === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (!shortcutAllowed(e)) return;
      const key = e.key.toLowerCase();
      if (key === 'a' && p?.decidable && !busy) onApprove(p);
      else if (key === 'r' && p?.decidable && !busy) onReject(p);
      else if (key === 'j' || e.key === 'ArrowDown') onMove(1);
      else if (key === 'k' || e.key === 'ArrowUp') onMove(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

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
          <Button danger disabled={!p?.decidable} loading={busy} onClick={() => p && onReject(p)}>
            驳回 <span className="console-kbd">R</span>
          </Button>
          <Button type="primary" disabled={!p?.decidable} loading={busy} onClick={() => p && onApprove(p)}>
            通过 <span className="console-kbd">A</span>
          </Button>
          {approvalOutcome && p?.decidable && (
            <Typography.Text type="secondary" data-testid="approval-outcome">
              {approvalOutcome}
            </Typography.Text>
          )}
        </Space>
      }
    >
      {person.error && <Alert type="error" showIcon title={person.error} />}
      {!p && !person.error && <Spin />}
      {p && (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Tag color={p.status === 'rejected' ? 'red' : p.status === 'approved' ? 'green' : 'blue'} data-testid="person-status">
              {statusText(p.status)}
            </Tag>
            {p.pendingAt && <Tag>等待：{p.pendingAt.jurisdiction}（{REVIEW_LEVEL_NAME[p.pendingAt.level]}）</Tag>}
            <Typography.Text type="secondary">
              {p.batch.unitName} · 批次 {p.batch.number}（{p.batch.name}）· 第 {p.version} 次提交
            </Typography.Text>
          </Space>
          {!p.decidable && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="此人现在不在你这一级等待审核（已审核、已退回或在其他级别），只能查看。" />}
          <Row gutter={16}>
            <Col span={7}>
              <Typography.Title level={5}>证件照</Typography.Title>
              <PhotoRealSize photo={p.photo} />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                检查结果
              </Typography.Title>
              {p.issues.length === 0 ? (
                <Typography.Text type="success">服务器复核没有发现问题。</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={p.issues}
                  renderItem={(i) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <span>
                          <Tag color={SEVERITY_COLOR[i.severity]}>{SEVERITY_LABEL[i.severity]}</Tag>
                          {fieldLabel(i.field)}
                        </span>
                        <Typography.Text>{i.message}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Col>
            <Col span={17}>
              <Tabs
                items={[
                  {
                    key: 'fields',
                    label: '报名信息',
                    children: (
                      <div data-testid="person-fields">
                      <Descriptions bordered size="small" column={2}>
                        {fieldRows(p.batch.kind, p.fields, tables).map((f) => (
                          <Descriptions.Item key={f.key} label={f.label}>
                            {f.value || <Typography.Text type="secondary">（空）</Typography.Text>}
                            {f.meaning && <Typography.Text type="secondary">（{f.meaning}）</Typography.Text>}
                          </Descriptions.Item>
                        ))}
                      </Descriptions>
                      </div>
                    ),
                  },
                  {
                    key: 'evidence',
                    label: `佐证资料（${p.evidence.length}）`,
                    children:
                      p.evidence.length === 0 ? (
                        <Empty description="这个批次没有上传佐证资料。" />
                      ) : (
                        <Space orientation="vertical" style={{ width: '100%' }}>
                          <Space wrap>
                            {p.evidence.map((e, i) => (
                              <Button key={e.sha256} type={i === evidenceIndex ? 'primary' : 'default'} size="small" onClick={() => setEvidenceIndex(i)}>
                                {e.kind} · {fileNameForMime(e.fileName, e.mime)}
                              </Button>
                            ))}
                          </Space>
                          <EvidenceViewer file={p.evidence[Math.min(evidenceIndex, p.evidence.length - 1)]!} />
                        </Space>
                      ),
                  },
                  {
                    key: 'history',
                    label: `提交与审核记录（${p.versions.length} 次提交，${p.decisions.length} 条审核）`,
                    children: <History person={p} />,
                  },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </Drawer>
  );
}

/** Each version (what changed from the one before) with the decisions taken on it. */
function History({ person }: { person: ReviewPersonResponse }) {
  const items = person.versions.flatMap((v, i) => {
    const before = i > 0 ? person.versions[i - 1]!.fields : undefined;
    const fieldChanges = v.changed.filter((k) => k !== 'photo');
    return [
      {
        key: `v${v.version}`,
        color: 'blue',
        content: (
          <span>
            第 {v.version} 次提交 · {chinaMinute(v.submittedAt)} · {v.submittedBy}
            {v.version > 1 && v.changed.length === 0 && '；内容未改动（补充资料后重新提交）'}
            {v.changed.includes('photo') && '；换了照片'}
            {before &&
              fieldChanges.map((k) => (
                <div key={k} style={{ color: '#666' }}>
                  {fieldLabel(k)}：{before[k as keyof typeof before] || '（空）'} → {v.fields[k as keyof typeof v.fields] || '（空）'}
                </div>
              ))}
          </span>
        ),
      },
      ...person.decisions
        .filter((d) => d.version === v.version)
        .map((d, i) => ({
          key: `v${v.version}d${i}`,
          color: d.result === 'approved' ? 'green' : 'red',
          content: (
            <span>
              {REVIEW_LEVEL_NAME[d.level]}
              {d.result === 'approved' ? '通过' : '驳回'} · {chinaMinute(d.decidedAt)} · {d.reviewer}
              {d.comment && <div style={{ whiteSpace: 'pre-wrap', color: '#666' }}>意见：{d.comment}</div>}
            </span>
          ),
        })),
    ];
  });
  return (
    <div data-testid="history">
      <Timeline items={items} />
    </div>
  );
}
