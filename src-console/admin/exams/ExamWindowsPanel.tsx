import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ExamView } from '../../../src-shared/contract/sync-api.js';
import { EXAM_STAGE_LABEL, EXAM_STAGES, type ExamStage } from '../../../src-shared/exam-status.js';
import { chinaMinute } from '../../../src-shared/china-time.js';
import { CertificatesSection } from './CertificatesSection.js';

function stageStatus(w: { start: string; end: string } | null, today: string): { text: string; color: string } {
  if (!w) return { text: '未设置', color: 'default' };
  if (today < w.start) return { text: '未开始', color: 'blue' };
  if (today > w.end) return { text: '已截止', color: 'default' };
  return { text: '进行中', color: 'green' };
}

/**
 * One exam opened in the list: every stage's window with its own 延长, the 考点, and the extension
 * history (who moved which window from when to when, and why).
 */
export function ExamWindowsPanel({ exam, today, onExtend }: { exam: ExamView; today: string; onExtend: (stage: ExamStage) => void }) {
  const rows = EXAM_STAGES.map((stage) => ({ stage, w: exam.windows[stage] }));
  return (
    <div className="exam-panel" data-testid={`exam-panel-${exam.id}`}>
      <Table
        size="small"
        pagination={false}
        rowKey="stage"
        dataSource={rows}
        style={{ maxWidth: 620 }}
        columns={[
          { title: '阶段', key: 'stage', width: 110, render: (_, r) => EXAM_STAGE_LABEL[r.stage] },
          { title: '开始日期', key: 'start', width: 110, render: (_, r) => <span className="console-nowrap">{r.w?.start ?? '—'}</span> },
          { title: '截止日期', key: 'end', width: 110, render: (_, r) => <span className="console-nowrap">{r.w?.end ?? '—'}</span> },
          {
            title: '状态',
            key: 'status',
            width: 90,
            render: (_, r) => {
              const s = stageStatus(r.w, today);
              return <Tag color={s.color}>{s.text}</Tag>;
            },
          },
          {
            title: '操作',
            key: 'op',
            width: 80,
            render: (_, r) =>
              r.w ? (
                <Button size="small" onClick={() => onExtend(r.stage)} aria-label={`延长${EXAM_STAGE_LABEL[r.stage]}`}>
                  延长
                </Button>
              ) : null,
          },
        ]}
      />
      <div className="exam-panel-side">
        <Typography.Text strong>考点（{exam.sites.length} 个）</Typography.Text>
        <div className="exam-sites">{exam.sites.length > 0 ? exam.sites.map((s) => <Tag key={s}>{s}</Tag>) : <Typography.Text type="secondary">未设置</Typography.Text>}</div>
        <CertificatesSection exam={exam} />
        <Typography.Text strong>延长记录</Typography.Text>
        {exam.extensions.length === 0 ? (
          <div>
            <Typography.Text type="secondary">没有延长过。</Typography.Text>
          </div>
        ) : (
          <Space orientation="vertical" size={2} style={{ display: 'flex' }} data-testid="exam-extensions">
            {exam.extensions.map((e) => (
              <Typography.Text key={`${e.at}-${e.stage}`}>
                <span className="console-nowrap">{chinaMinute(e.at)}</span> {e.by} 将{EXAM_STAGE_LABEL[e.stage]}截止日期由 <span className="console-nowrap">{e.fromEnd}</span> 延至{' '}
                <span className="console-nowrap">{e.toEnd}</span>：{e.reason}
              </Typography.Text>
            ))}
          </Space>
        )}
      </div>
    </div>
  );
}
