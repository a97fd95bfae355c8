import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Space, Table, Tag, Typography } from 'antd';
import type { ExamListResponse, ExamView } from '../../../src-shared/contract/sync-api.js';
import { chineseDay, EXAM_STAGE_LABEL, type ExamStage } from '../../../src-shared/exam-status.js';
import { callApi } from '../../api/console-client.js';
import { ExamFormDialog } from './ExamFormDialog.js';
import { ExamWindowsPanel } from './ExamWindowsPanel.js';
import { ExtendDialog } from './ExtendDialog.js';
import { stateColor, stateHint, windowText } from './exam-format.js';
import './exams.css';

/**
 * 考试任务 (administrators): the exams with their 任务状态 (computed by the server's clock) and windows;
 * 新增考试 and 编辑 open the form; a row opens to every stage's window with its own 延长 and the
 * extension history. What is saved here reaches every unit's 报名助手 with its next sync.
 */
export function ExamsPage() {
  const { message } = AntApp.useApp();
  const [list, setList] = useState<ExamListResponse>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<{ exam?: ExamView } | null>(null);
  const [extending, setExtending] = useState<{ exam: ExamView; stage: ExamStage } | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);

  const load = useCallback(async () => {
    const r = await callApi('GET /admin/exams');
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(undefined);
    setList(r.value);
    // The newest exam open at first; what the administrator opened stays open on reload.
    setExpanded((open) => (open.length > 0 || r.value.exams.length === 0 ? open : [r.value.exams[0]!.id]));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <div className="exam-page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          考试任务
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing({})}>
          新增考试
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        各单位的报名助手同步时收到这里的考试；网络报名截止后服务器不再接收该考试的新批次，需要补报时请“延长”网络报名。
        {list ? `任务状态按今天（${list.today}）计算。` : ''}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<ExamView>
        size="middle"
        rowKey="id"
        loading={!list && !error}
        dataSource={list?.exams ?? []}
        pagination={false}
        locale={{ emptyText: '还没有考试任务。请点“新增考试”，按报名通知填写各阶段的起止日期。' }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys as number[]),
          expandedRowRender: (exam) => <ExamWindowsPanel exam={exam} today={list?.today ?? ''} onExtend={(stage) => setExtending({ exam, stage })} />,
        }}
        columns={[
          {
            title: '考试名称',
            key: 'name',
            render: (_, e) => (
              <>
                <div>{e.name}</div>
                <Typography.Text type="secondary">{e.category}</Typography.Text>
              </>
            ),
          },
          {
            title: '任务状态',
            key: 'state',
            width: 130,
            render: (_, e) => (
              <div data-testid={`exam-state-${e.id}`}>
                <Tag color={stateColor(e.state.code)}>{e.state.label}</Tag>
                <div className="console-nowrap">
                  <Typography.Text type="secondary">{stateHint(e.state)}</Typography.Text>
                </div>
              </div>
            ),
          },
          { title: '网络报名', key: 'registration', width: 170, render: (_, e) => <span className="console-nowrap">{windowText(e.windows.registration)}</span> },
          { title: '考试', key: 'exam', width: 170, render: (_, e) => <span className="console-nowrap">{windowText(e.windows.exam)}</span> },
          { title: '考试费', key: 'fee', width: 100, render: (_, e) => <span className="console-nowrap">{e.feeYuan} 元/人</span> },
          { title: '考点', key: 'sites', width: 70, render: (_, e) => <span className="console-nowrap">{e.sites.length} 个</span> },
          {
            title: '操作',
            key: 'op',
            width: 150,
            render: (_, e) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing({ exam: e })}>
                  编辑
                </Button>
                <Button size="small" onClick={() => setExtending({ exam: e, stage: 'registration' })}>
                  延长报名
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <ExamFormDialog
        open={editing !== null}
        {...(editing?.exam ? { exam: editing.exam } : {})}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          message.success(editing?.exam ? `已保存“${saved.name}”。` : `已新增“${saved.name}”。`);
          setEditing(null);
          // The exam just saved is the one to look at: opened, the others closed.
          setExpanded([saved.id]);
          void load();
        }}
      />
      {extending && (
        <ExtendDialog
          exam={extending.exam}
          stage={extending.stage}
          onClose={() => setExtending(null)}
          onSaved={(saved) => {
            const end = saved.windows[extending.stage]?.end ?? '';
            message.success(`已将${saved.name}的${EXAM_STAGE_LABEL[extending.stage]}延长至 ${chineseDay(end)}。`);
            setExtending(null);
            void load();
          }}
        />
      )}
    </>
  );
}
