import { useState } from 'react';
import { Button, Table, Tag } from 'antd';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { usePullStamp } from '../pull-stamp.js';
import { PersonDrawer } from '../components/PersonDrawer.js';

/**
 * 人员退回: people the judicial bureau returned, with its comment. 修改 opens the form with the review
 * records; once saved without errors they go out again on their own (the manual: 修改后会自动提交审核).
 */
export function ReturnedPage() {
  // Listed again after each pull: a return made on the server appears without a click.
  const returned = useCall(() => api['returned.list'](undefined), [usePullStamp()]);
  const [open, setOpen] = useState<{ personId: number; batchId: string }>();
  return (
    <>
      <Table
        rowKey="personId"
        size="small"
        loading={returned.loading}
        dataSource={returned.value ?? []}
        pagination={{ pageSize: 50, showTotal: (t) => `共有 ${t} 条数据` }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '身份证号', dataIndex: 'idNumber' },
          { title: '审核意见', dataIndex: 'comment' },
          { title: '审核人', dataIndex: 'reviewer' },
          { title: '审核时间', dataIndex: 'reviewedAt', render: (t: string) => t.slice(0, 19).replace('T', ' ') },
          { title: '状态', dataIndex: 'resubmit', render: (r: boolean) => (r ? <Tag color="blue">已修改，待重新提交</Tag> : <Tag color="red">待修改</Tag>) },
          { title: '操作', render: (_v, r) => <Button size="small" onClick={() => setOpen({ personId: r.personId, batchId: r.batchId })}>修改</Button> },
        ]}
        locale={{ emptyText: '没有被退回的人员。' }}
      />
      {open && (
        <PersonDrawer
          open
          batchId={open.batchId}
          personId={open.personId}
          onClose={() => {
            setOpen(undefined);
            returned.reload();
          }}
        />
      )}
    </>
  );
}
