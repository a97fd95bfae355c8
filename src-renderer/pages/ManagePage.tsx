import { useState } from 'react';
import { Button, Typography } from 'antd';
import type { StudyAccountRow } from '../../src-shared/contract/desktop-records-api.js';
import { api } from '../api/desktop-client.js';
import { RecordList } from './RecordList.js';
import { AccountFiles } from './AccountFiles.js';
import { ellipsis, nowrap, renderTipped, tipped } from '../components/table-cells.js';
import { PasswordCell, PersonView, showDay, showTime } from './records-shared.js';

/**
 * 人员管理 (使用说明书 3.4): this unit's people approved by the judicial bureau, with the study account
 * the server made for each; search by 姓名, 身份证号, 申请日期; 查看 shows the person and the review times;
 * 导出学习账号 and 打印账号条 write the search's accounts to hand out (AccountFiles).
 */
export function ManagePage() {
  const [viewing, setViewing] = useState<StudyAccountRow>();
  return (
    <RecordList<StudyAccountRow>
      intro="审核通过的人员和学习账号。请把学习账号和初始密码交给本人，首次登录学习平台时须修改密码。"
      fetch={(q) => api['studyAccounts.list'](q)}
      toolbar={(filter, total) => <AccountFiles filter={filter} total={total} />}
      rowKey="accountId"
      columns={[
        { title: '身份证号', dataIndex: 'idNumber', width: 162, ...nowrap },
        { title: '所在单位', dataIndex: 'agency', ...ellipsis, render: renderTipped },
        { title: '批次号', dataIndex: 'batchNumber', width: 136, ...ellipsis, render: renderTipped },
        { title: '申请日期', dataIndex: 'appliedAt', width: 96, ...nowrap, render: (t: string) => showDay(t) || '—' },
        // The day and the minute on the list; the seconds in the tooltip and in 查看.
        { title: '审核通过时间', dataIndex: 'reviewedAt', width: 132, ...ellipsis, render: (t: string) => (t ? tipped(showTime(t).slice(0, 16), showTime(t)) : '—') },
        // Whole, never cut: the clerk reads it out or copies it to the person.
        { title: '学习账号', dataIndex: 'username', width: 170, ...nowrap, render: (u: string) => <Typography.Text copyable={{ text: u, tooltips: ['复制账号', '已复制'] }}>{u}</Typography.Text> },
        { title: '初始密码', dataIndex: 'initialPassword', width: 170, ...nowrap, render: (pw: string, r) => <PasswordCell password={pw} name={r.name} /> },
        {
          title: '操作',
          key: 'view',
          width: 72,
          ...nowrap,
          render: (_v, r) =>
            r.personId !== null ? (
              <Button size="small" onClick={() => setViewing(r)}>
                查看
              </Button>
            ) : (
              <Typography.Text type="secondary" title="这个人员不是在本机报名的，本机没有他的报名信息。">
                无详情
              </Typography.Text>
            ),
        },
      ]}
      nothingYet="还没有审核通过的人员。提交批次并在审核通过后点“同步”即可看到学习账号。"
    >
      <PersonView
        personId={viewing?.personId ?? undefined}
        onClose={() => setViewing(undefined)}
        extra={
          viewing
            ? [
                { label: '申请日期', value: showDay(viewing.appliedAt) || '—' },
                { label: '审核通过时间', value: showTime(viewing.reviewedAt) || '—' },
                { label: '学习账号', value: viewing.username },
                { label: '账号生成时间', value: showTime(viewing.createdAt) },
              ]
            : []
        }
      />
    </RecordList>
  );
}
