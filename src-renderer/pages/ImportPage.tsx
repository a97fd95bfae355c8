import { useCallback, useState } from 'react';
import { Alert, App as AntApp, Button, Space, Table, Tabs, Tag } from 'antd';
import { BATCH_STATUS_LABEL, type BatchSummaryView, type DesktopOutput } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { useAction } from '../use-action.js';
import { usePathPrompt } from '../components/path-prompt.js';
import { PersonDrawer } from '../components/PersonDrawer.js';
import { EvidenceDrawer } from '../components/EvidenceDrawer.js';
import { FindingsTable } from '../components/FindingsTable.js';
import { PeopleList } from '../components/PeopleList.js';
import { PhotoImportResult } from '../components/PhotoImportResult.js';
import { KIND_LABEL, TEMPLATE_FILE_NAME, TemplateMenuButton, useImportAskingKind } from '../components/template-kind.js';
import type { BatchKind } from '../../src-shared/domain/person.js';
import { BatchDeleteLink, useBatchDelete } from '../components/use-batch-delete.js';
import { ellipsis, nowrap, renderTipped, shortTime } from '../components/table-cells.js';
import { useExamChoice } from '../exams/exam-choice.js';
import { DeadlineWarnings } from '../exams/DeadlineWarnings.js';
import { PaymentDialog } from '../payments/PaymentDialog.js';
import { useFeesEnabled } from '../payments/use-fees.js';
import { BatchExamCell } from '../exams/BatchExamCell.js';
import { BatchExamDialog } from '../exams/BatchExamDialog.js';

type PhotoImport = DesktopOutput<'photos.import'>;

/**
 * 人员导入 (使用说明书 三.1): the batch table with its buttons 添加, 模板, 照片导入, 导入, 佐证资料; the
 * chosen batch's people a page at a time, and its 问题清单. A click on a person opens the form.
 */
export function ImportPage() {
  const { message } = AntApp.useApp();
  const batches = useCall(() => api['batches.list'](undefined), []);
  const [batchId, setBatchId] = useState<string>();
  const [version, setVersion] = useState(0);
  const { busy, error, setError, run } = useAction();
  const [person, setPerson] = useState<{ id: number | undefined }>();
  const [evidenceOpen, setEvidenceOpen] = useState(false);
  const [photoResult, setPhotoResult] = useState<PhotoImport>();
  const [ask, pathPrompt] = usePathPrompt();
  const [importAskingKind, kindPrompt] = useImportAskingKind();
  const [withExam, examPrompt] = useExamChoice();
  const [examFor, setExamFor] = useState<BatchSummaryView>();
  const examsKnown = (useCall(() => api['examTasks.list'](undefined), [batches.value]).value?.exams.length ?? 0) > 0;
  // 交费 (issue 19): only where the server turned fees on.
  const fees = useFeesEnabled(batches.value);
  const [paymentFor, setPaymentFor] = useState<string>();
  const openPerson = useCallback((id: number) => setPerson({ id }), []);
  const batch = batches.value?.find((b) => b.id === batchId);
  const refresh = () => {
    batches.reload();
    setVersion((v) => v + 1);
  };
  // A person deleted from the list: the batch's counts and the list again (stable, PeopleList is memoised).
  const reloadBatches = batches.reload;
  const afterPersonDeleted = useCallback(() => {
    reloadBatches();
    setVersion((v) => v + 1);
  }, [reloadBatches]);
  const deleteBatch = useBatchDelete(run, (deleted) => {
    if (deleted === batchId) setBatchId(undefined);
    refresh();
  });
  const downloadTemplate = async (kind: BatchKind) => {
    const file = (await ask({ title: `模板：保存${KIND_LABEL[kind]}采集表模板`, mode: 'save', defaultPath: TEMPLATE_FILE_NAME[kind], filter: 'xlsx' }))?.[0];
    if (!file) return;
    const r = await run('模板', () => api['template.write']({ file, kind }));
    if (r) void message.success(`${KIND_LABEL[kind]}模板已保存到 ${r.file}。请用 Excel 或 WPS 填写后点“导入”。`);
  };
  const importFile = async () => {
    const file = (await ask({ title: '导入：选择填好的采集表', mode: 'open', hint: '选择填好的采集表（.xlsx、.xls、.et、.ods 或 .csv）。', filter: 'workbook' }))?.[0];
    if (!file) return;
    const r = await run('导入', () => withExam('这个批次', (examId) => importAskingKind(file, examId)));
    if (!r) return;
    const b = r.batch;
    void message.success(
      r.unchanged ? `这个文件已经导入过（批次 ${b.number}），没有重复导入。` : importedText(b),
    );
    setBatchId(b.id);
    refresh();
  };
  const importPhotos = async () => {
    if (!batchId) return;
    const paths = await ask({ title: '照片导入', mode: 'files', hint: '选择照片所在的文件夹，或照片文件。照片按身份证号（或采集表“照片”列的文件名）对应到人。', filter: 'photos' });
    if (!paths?.length) return;
    const r = await run('照片导入', () => api['photos.import']({ batchId, paths }));
    if (r) setPhotoResult(r);
    refresh();
  };
  const exportReport = async () => {
    if (!batch) return;
    const file = (await ask({ title: '导出问题清单', mode: 'save', defaultPath: `问题清单-${batch.number}.xlsx`, filter: 'xlsx' }))?.[0];
    if (!file) return;
    const r = await run('导出', () => api['report.write']({ batchId: batch.id, file }));
    if (r) void message.success(`问题清单已保存到 ${r.file}：${r.errors} 个错误。改好后可以直接“导入”这个文件。`);
  };

  const draft = batch?.status === 'draft';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {pathPrompt}
      {kindPrompt}
      {examPrompt}
      <Space>
        <Button onClick={() => setPerson({ id: undefined })} title={draft ? `添加到批次 ${batch.number}` : '没有选中未提交的批次：添加的人员放进一个新批次'}>
          添加
        </Button>
        <TemplateMenuButton loading={busy === '模板'} onChoose={(kind) => void downloadTemplate(kind)} />
        <Button onClick={() => void importPhotos()} disabled={!draft} loading={busy === '照片导入'}>
          照片导入
        </Button>
        <Button type="primary" onClick={() => void importFile()} loading={busy === '导入'}>
          导入
        </Button>
        <Button onClick={() => setEvidenceOpen(true)} disabled={!batch}>
          佐证资料
        </Button>
        {fees && (
          <Button onClick={() => setPaymentFor(batch?.id)} disabled={!batch} title={batch ? `批次 ${batch.number} 的交费信息和收据、资料领取信息` : '先在下表中选中一个批次'}>
            交费
          </Button>
        )}
      </Space>
      <DeadlineWarnings version={batches.value} />
      {(error ?? batches.error?.message) && <Alert type="error" showIcon closable message={error ?? batches.error?.message} onClose={() => setError(undefined)} />}
      <Table<BatchSummaryView>
        rowKey="id"
        size="small"
        loading={batches.loading}
        dataSource={batches.value ?? []}
        pagination={false}
        onRow={(b) => ({ onClick: () => setBatchId(b.id), style: { cursor: 'pointer' } })}
        rowClassName={(b) => (b.id === batchId ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '序号', render: (_v, _b, i) => i + 1, width: 52 },
          { title: '批次名称', dataIndex: 'name', ...ellipsis, render: renderTipped },
          { title: '批次号', dataIndex: 'number', width: 166, ...nowrap },
          {
            title: '报名考试', dataIndex: 'examName', width: 226, ...ellipsis,
            render: (_n: string, b) => (
              <BatchExamCell
                batch={b}
                examsKnown={examsKnown}
                onChoose={(chosen) => {
                  setBatchId(chosen.id);
                  setExamFor(chosen);
                }}
              />
            ),
          },
          { title: '数量', dataIndex: 'persons', width: 56 },
          { title: '有错误', dataIndex: 'invalid', width: 68, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
          { title: '状态', dataIndex: 'status', width: 80, ...nowrap, render: (s: BatchSummaryView['status']) => BATCH_STATUS_LABEL[s] },
          { title: '上级单位', dataIndex: 'parentUnit', width: 110, ...ellipsis, render: renderTipped },
          { title: '添加单位', dataIndex: 'unit', width: 110, ...ellipsis, render: renderTipped },
          // Month, day and minute (the year and seconds in the tooltip): room for the exam's name.
          { title: '采集时间', dataIndex: 'createdAt', width: 100, ...nowrap, render: shortTime },
          { title: '操作', key: 'actions', width: 64, render: (_v, b) => <BatchDeleteLink batch={b} onDelete={deleteBatch} /> },
        ]}
        locale={{ emptyText: '还没有批次：点“模板”下载采集表，填好后点“导入”。' }}
      />
      {batchId && (
        <Tabs
          items={[
            {
              key: 'people',
              label: '人员',
              children: <PeopleList key={batchId} batchId={batchId} version={version} onOpen={openPerson} onDeleted={afterPersonDeleted} />,
            },
            { key: 'findings', label: '问题清单', children: <FindingsTable batchId={batchId} version={version} onOpen={openPerson} onExport={() => void exportReport()} /> },
          ]}
        />
      )}
      <PersonDrawer
        open={person !== undefined}
        // Added to the chosen batch while it is a draft; otherwise (none, or one already sent) to a new one.
        batchId={draft ? batchId : undefined}
        personId={person?.id}
        kind={draft ? batch.kind : 'new'}
        onClose={(changed, savedIn) => {
          setPerson(undefined);
          if (savedIn && savedIn !== batchId) setBatchId(savedIn);
          if (changed) refresh();
        }}
      />
      <BatchExamDialog
        batch={examFor}
        onClose={(changed) => {
          setExamFor(undefined);
          if (changed) refresh();
        }}
      />
      <PaymentDialog
        batchId={paymentFor}
        onClose={(saved) => {
          setPaymentFor(undefined);
          if (saved) refresh();
        }}
      />
      {batchId && <EvidenceDrawer batchId={batchId} open={evidenceOpen} onClose={() => setEvidenceOpen(false)} />}
      <PhotoImportResult result={photoResult} onClose={() => setPhotoResult(undefined)} onOpen={(id) => { setPhotoResult(undefined); openPerson(id); }} />
    </Space>
  );
}

/** What an import brought: people, those to fix, and (right after a first import) those still waiting for a photo. */
function importedText(b: BatchSummaryView): string {
  const photos = b.noPhoto > 0 ? `（其中 ${b.noPhoto} 人还没有照片，请点“照片导入”）` : '';
  const exam = b.examName ? `，报名“${b.examName}”` : '';
  return `已导入批次 ${b.number}${exam}：共 ${b.persons} 人，${b.invalid} 人有错误需要修改${photos}。`;
}
