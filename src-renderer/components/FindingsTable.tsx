import { useState } from 'react';
import { Alert, Button, Space, Switch, Table, Tag } from 'antd';
import type { FindingRow } from '../../src-shared/contract/desktop-api.js';
import { SEVERITY_LABEL } from '../../src-shared/domain/issue.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';

const COLOR = { error: 'red', warning: 'orange', fixed: 'gold' } as const;

/** 问题清单: each person with findings, what is wrong and what to do; 查看 opens the person. */
export function FindingsTable({ batchId, version, onOpen, onExport }: { batchId: string; version: number; onOpen: (personId: number) => void; onExport: () => void }) {
  const [onlyErrors, setOnlyErrors] = useState(true);
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const found = useCall(() => api['findings.list']({ batchId, onlyErrors, offset: (page - 1) * pageSize, limit: pageSize }), [batchId, onlyErrors, page, version]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Switch checked={onlyErrors} onChange={(v) => { setOnlyErrors(v); setPage(1); }} checkedChildren="只看错误" unCheckedChildren="全部问题" />
        <Button onClick={onExport}>导出问题清单</Button>
      </Space>
      {found.error && <Alert type="error" message={found.error.message} />}
      <Table<FindingRow>
        rowKey="personId"
        size="small"
        loading={found.loading}
        dataSource={found.value?.rows ?? []}
        pagination={{ current: page, pageSize, total: found.value?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共有 ${t} 人有问题` }}
        columns={[
          { title: '行', dataIndex: 'rowNumber', width: 60 },
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '身份证号', dataIndex: 'idNumber', width: 180 },
          {
            title: '问题',
            render: (_v, r) => (
              <Space direction="vertical" size={2}>
                {r.issues.map((i, n) => (
                  <span key={n}>
                    <Tag color={COLOR[i.severity]}>{SEVERITY_LABEL[i.severity]}</Tag>
                    <b>{i.fieldLabel}</b>：{i.message}
                  </span>
                ))}
              </Space>
            ),
          },
          { title: '操作', width: 80, render: (_v, r) => <Button size="small" onClick={() => onOpen(r.personId)}>查看</Button> },
        ]}
        locale={{ emptyText: onlyErrors ? '没有错误，可以提交。' : '没有发现问题。' }}
      />
    </Space>
  );
}
