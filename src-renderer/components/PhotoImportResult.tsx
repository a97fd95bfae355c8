import { Alert, Button, List, Modal, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { DesktopOutput } from '../../src-shared/contract/desktop-api.js';

type PhotoImport = DesktopOutput<'photos.import'>;
type Finding = PhotoImport['findings'][number];

const NOWRAP = { onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/** Long file names and names end in "…", whole in the tooltip: the table stays one line per column at 1366 wide. */
const clipped = (text: string) => (
  <Tooltip title={text} placement="topLeft">
    <span>{text}</span>
  </Tooltip>
);

function columns(onOpen: (personId: number) => void): TableColumnsType<Finding> {
  return [
    { title: '文件名', dataIndex: 'fileName', width: 200, ellipsis: { showTitle: false }, render: clipped },
    { title: '姓名', dataIndex: 'name', width: 84, ellipsis: { showTitle: false }, render: (n: string) => clipped(n || '（无姓名）') },
    { title: '身份证号', dataIndex: 'idNumber', width: 172, ...NOWRAP },
    { title: '问题', dataIndex: 'messages', render: (m: string[]) => m.join(' ') },
    {
      title: '处理',
      width: 104,
      ...NOWRAP,
      render: (_v, f) =>
        f.fixable ? <Tag color="blue">可一键修正</Tag> : f.attached ? <Tag color="orange">须换照片</Tag> : <Tag color="red">未使用，须换</Tag>,
    },
    { title: '操作', width: 68, ...NOWRAP, render: (_v, f) => <Button size="small" onClick={() => onOpen(f.personId)}>查看</Button> },
  ];
}

/**
 * 照片导入's result: how many photos were added, and every photo with a problem by file, person and
 * finding, with what to do — 一键修正 in the person form (查看 opens it) or a new photo; then who still
 * has none and which files belong to nobody.
 */
export function PhotoImportResult({ result, onClose, onOpen }: { result: PhotoImport | undefined; onClose: () => void; onOpen: (personId: number) => void }) {
  const r = result;
  const bad = r?.findings ?? [];
  return (
    <Modal
      open={r !== undefined}
      title="照片导入结果"
      width={960}
      onOk={onClose}
      onCancel={onClose}
      okText="知道了"
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      {r && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            新加照片 {r.attached} 张，更换 {r.replaced} 张，未变 {r.unchanged} 张；
            {bad.length > 0 ? `其中 ${bad.length} 张不符合照片要求，见下表。` : '全部符合照片要求。'}
          </Typography.Text>
          {bad.length > 0 && (
            <>
              <Table<Finding>
                rowKey="fileName"
                size="small"
                tableLayout="fixed"
                dataSource={bad}
                columns={columns(onOpen)}
                pagination={bad.length > 8 ? { pageSize: 8, showSizeChanger: false, showTotal: (t) => `共 ${t} 张` } : false}
              />
              <Typography.Text type="secondary">
                “可一键修正”的照片：点“查看”，在人员表单中点“一键修正”，尺寸、大小、格式和分辨率会自动改好。“须换照片”的（背景颜色不对、黑白照片、像素太少或文件打不开）：请换一张符合要求的照片，再“照片导入”或在人员表单中“选择照片”。
              </Typography.Text>
            </>
          )}
          {r.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              message={`还有 ${r.missing.length} 人没有照片：${r.missing.slice(0, 10).map((m) => m.name || m.idNumber).join('、')}${r.missing.length > 10 ? ' 等' : ''}。请把照片按身份证号命名后再导入，或在人员表单中“选择照片”。`}
            />
          )}
          {r.unmatched.length > 0 && (
            <List
              size="small"
              header={`没有对应到人的文件（${r.unmatched.length} 个）`}
              dataSource={r.unmatched.slice(0, 20)}
              renderItem={(u) => <List.Item>{u.message}</List.Item>}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
