import { useState } from 'react';
import { Alert, Button, Drawer, Popconfirm, Select, Space, Table } from 'antd';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../src-shared/domain/evidence.js';
import type { EvidenceView } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { usePathPrompt } from './path-prompt.js';
import { useHelpTopic } from '../../src-web/manual/help-topic.js';
import { DIALOG_SECTIONS } from '../help/screen-sections.js';

/** 佐证资料: the proof documents that go with a batch (PDF, JPG or PNG), by kind. */
export function EvidenceDrawer({ batchId, open, onClose }: { batchId: string; open: boolean; onClose: () => void }) {
  const list = useCall(() => (open ? api['evidence.list']({ batchId }) : Promise.resolve({ ok: true as const, value: [] })), [batchId, open]);
  const [kind, setKind] = useState<EvidenceKind>('三定方案');
  useHelpTopic(open ? DIALOG_SECTIONS.evidence : undefined);
  const [error, setError] = useState<string>();
  const [ask, pathPrompt] = usePathPrompt();

  const add = async () => {
    const file = (await ask({ title: `添加佐证资料：${kind}`, mode: 'open', hint: '选择 PDF、JPG 或 PNG 文件。', filter: 'evidence' }))?.[0];
    if (!file) return;
    const r = await api['evidence.add']({ batchId, file, kind });
    setError(r.ok ? undefined : r.error.message);
    list.reload();
  };
  const remove = async (id: number) => {
    const r = await api['evidence.remove']({ batchId, evidenceId: id });
    setError(r.ok ? undefined : r.error.message);
    list.reload();
  };

  return (
    <Drawer open={open} onClose={onClose} width={720} title="佐证资料">
      {pathPrompt}
      <Space style={{ marginBottom: 12 }}>
        <Select<EvidenceKind> aria-label="资料类别" value={kind} onChange={setKind} style={{ width: 140 }} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: k }))} />
        <Button type="primary" onClick={() => void add()}>
          添加文件
        </Button>
      </Space>
      {(error ?? list.error) && <Alert type="error" showIcon message={error ?? list.error?.message} style={{ marginBottom: 12 }} />}
      <Table<EvidenceView>
        rowKey="id"
        size="small"
        dataSource={list.value ?? []}
        pagination={false}
        columns={[
          { title: '类别', dataIndex: 'kind', width: 100 },
          { title: '文件名', dataIndex: 'fileName' },
          { title: '大小', dataIndex: 'size', width: 100, render: (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`) },
          { title: '添加时间', dataIndex: 'createdAt', width: 170, render: (t: string) => t.slice(0, 19).replace('T', ' ') },
          {
            title: '操作',
            width: 80,
            render: (_v, e) => (
              <Popconfirm title={`删除“${e.fileName}”？`} okText="删除" cancelText="取消" onConfirm={() => void remove(e.id)}>
                <Button size="small" danger>
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
        locale={{ emptyText: '还没有佐证资料：选择类别后点“添加文件”。' }}
      />
    </Drawer>
  );
}
