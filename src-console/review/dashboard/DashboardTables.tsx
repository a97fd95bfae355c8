import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DASHBOARD_STAGE_NAME, type DashboardResponse, type DashboardStageRow, type DashboardUnit } from '../../../src-shared/contract/sync-api.js';
import { bureauRows, oldestText, stagesText, type BureauRow } from './dashboard-words.js';

const byName = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
const byDays = (a: { oldest: { days: number } | null }, b: { oldest: { days: number } | null }) => (a.oldest?.days ?? -1) - (b.oldest?.days ?? -1);
const NUMBER = { align: 'right' as const, width: 96 };

/** Waiting, decided and study accounts by review level (县级初审 / 市级终审, or 本级审核). */
export function StageTable({ d }: { d: DashboardResponse }) {
  const columns: ColumnsType<DashboardStageRow> = [
    { title: '审核级别', dataIndex: 'stage', render: (s: DashboardStageRow['stage']) => DASHBOARD_STAGE_NAME[s] },
    { title: '待审核', dataIndex: 'waiting', ...NUMBER },
    { title: '最久等待', key: 'oldest', render: (_: unknown, s) => oldestText(s.oldest), width: 220 },
    { title: '本周通过', dataIndex: 'approvedThisWeek', ...NUMBER },
    { title: '本周驳回', dataIndex: 'rejectedThisWeek', ...NUMBER },
    { title: '上周通过', dataIndex: 'approvedLastWeek', ...NUMBER },
    { title: '上周驳回', dataIndex: 'rejectedLastWeek', ...NUMBER },
  ];
  return <Table<DashboardStageRow> size="small" rowKey="stage" pagination={false} dataSource={d.stages} columns={columns} data-testid="stage-table" />;
}

/** A scope of several bureaus (a city's, an administrator's): each bureau's units added up. */
export function BureauTable({ d }: { d: DashboardResponse }) {
  const columns: ColumnsType<BureauRow> = [
    { title: '司法局', dataIndex: 'jurisdictionName', sorter: (a, b) => byName(a.jurisdictionName, b.jurisdictionName), ellipsis: { showTitle: true } },
    { title: '单位数', dataIndex: 'units', ...NUMBER, sorter: (a, b) => a.units - b.units },
    { title: '待审核', dataIndex: 'waiting', ...NUMBER, sorter: (a, b) => a.waiting - b.waiting },
    { title: '最久等待', key: 'oldest', width: 200, render: (_: unknown, r) => oldestText(r.oldest), sorter: byDays },
    { title: '本周通过', dataIndex: 'approvedThisWeek', ...NUMBER, sorter: (a, b) => a.approvedThisWeek - b.approvedThisWeek },
    { title: '本周驳回', dataIndex: 'rejectedThisWeek', ...NUMBER, sorter: (a, b) => a.rejectedThisWeek - b.rejectedThisWeek },
    {
      title: '学习账号',
      key: 'study',
      width: 140,
      align: 'right',
      sorter: (a, b) => a.studyAccountsThisWeek - b.studyAccountsThisWeek,
      render: (_: unknown, r) => <CountWithTotal week={r.studyAccountsThisWeek} total={r.studyAccountsTotal} />,
    },
  ];
  return <Table<BureauRow> size="small" rowKey="jurisdictionId" pagination={false} dataSource={bureauRows(d.units)} columns={columns} data-testid="bureau-table" />;
}

function CountWithTotal({ week, total }: { week: number; total: number }) {
  return (
    <span className="dashboard-nowrap">
      {week}
      <Typography.Text type="secondary"> / 累计 {total}</Typography.Text>
    </span>
  );
}

/** One line per unit in scope, every one of them (no pages: the figures are printed whole). */
export function UnitTable({ d, withBureau }: { d: DashboardResponse; withBureau: boolean }) {
  const columns: ColumnsType<DashboardUnit> = [
    ...(withBureau
      ? [{ title: '所属司法局', dataIndex: 'jurisdictionName', width: 180, ellipsis: { showTitle: true }, sorter: (a: DashboardUnit, b: DashboardUnit) => byName(a.jurisdictionName, b.jurisdictionName) }]
      : []),
    { title: '单位', dataIndex: 'unitName', ellipsis: { showTitle: true }, sorter: (a, b) => byName(a.unitName, b.unitName) },
    {
      title: '待审核',
      dataIndex: 'waiting',
      width: 210,
      align: 'right',
      sorter: (a, b) => a.waiting - b.waiting,
      render: (n: number, u) => (
        <span className="dashboard-nowrap">
          {stagesText(u, d.reviewStages) && n > 0 && <Typography.Text type="secondary">{stagesText(u, d.reviewStages)}　</Typography.Text>}
          {n}
        </span>
      ),
    },
    { title: '最久等待', key: 'oldest', width: 200, render: (_: unknown, u) => oldestText(u.oldest), sorter: byDays },
    { title: '本周通过', key: 'approved', ...NUMBER, render: (_: unknown, u) => u.thisWeek.approved, sorter: (a, b) => a.thisWeek.approved - b.thisWeek.approved },
    { title: '本周驳回', key: 'rejected', ...NUMBER, render: (_: unknown, u) => u.thisWeek.rejected, sorter: (a, b) => a.thisWeek.rejected - b.thisWeek.rejected },
    {
      title: '学习账号',
      key: 'study',
      width: 140,
      align: 'right',
      sorter: (a, b) => a.thisWeek.studyAccounts - b.thisWeek.studyAccounts,
      render: (_: unknown, u) => <CountWithTotal week={u.thisWeek.studyAccounts} total={u.total.studyAccounts} />,
    },
  ];
  return (
    <Table<DashboardUnit>
      size="small"
      rowKey="unitId"
      pagination={false}
      dataSource={d.units}
      columns={columns}
      showSorterTooltip={false}
      data-testid="unit-table"
      locale={{ emptyText: '你的审核范围内还没有执法单位。' }}
    />
  );
}
