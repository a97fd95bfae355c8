import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Button, Dropdown, Modal, Typography } from 'antd';
import type { BatchKind } from '../../src-shared/domain/person.js';
import type { DesktopOutput, Result } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';

/** The two lists of note ⑩ (换证人员需单独列表上传), in the clerk's words. */
export const KIND_LABEL: Record<BatchKind, string> = { new: '新报名人员', renewal: '换证人员' };

/** The file name offered when a template is saved. */
export const TEMPLATE_FILE_NAME: Record<BatchKind, string> = { new: '行政执法人员信息采集表.xlsx', renewal: '行政执法人员信息采集表（换证人员）.xlsx' };

/** 模板 ▾: the clerk picks the 新报名 or the 换证 template. */
export function TemplateMenuButton({ loading, onChoose }: { loading: boolean; onChoose: (kind: BatchKind) => void }) {
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'new', label: `${KIND_LABEL.new}模板` },
          { key: 'renewal', label: `${KIND_LABEL.renewal}模板（含原证件号码、原发证单位）` },
        ],
        onClick: ({ key }) => onChoose(key as BatchKind),
      }}
    >
      <Button loading={loading}>模板 ▾</Button>
    </Dropdown>
  );
}

type ImportOutput = DesktopOutput<'import.file'>;

/**
 * 导入 that asks instead of guessing: the main process reads which list a workbook is from its columns,
 * title and names, and answers `kind_unclear` when they disagree; the clerk then picks one of the two
 * and the file is imported as that. Answers the import's Result, or ok with undefined when the clerk
 * cancelled the choice.
 */
export function useImportAskingKind(): [(file: string, examId?: number) => Promise<Result<ImportOutput | undefined>>, ReactNode] {
  const [question, setQuestion] = useState<string>();
  const answer = useRef<(kind: BatchKind | undefined) => void>(undefined);

  const importFile = useCallback(async (file: string, examId?: number): Promise<Result<ImportOutput | undefined>> => {
    const exam = examId !== undefined ? { examId } : {};
    const first = await api['import.file']({ file, ...exam });
    if (first.ok || first.error.code !== 'kind_unclear') return first;
    setQuestion(first.error.message);
    const kind = await new Promise<BatchKind | undefined>((resolve) => (answer.current = resolve));
    if (!kind) return { ok: true, value: undefined };
    return api['import.file']({ file, kind, ...exam });
  }, []);

  const finish = (kind: BatchKind | undefined) => {
    answer.current?.(kind);
    answer.current = undefined;
    setQuestion(undefined);
  };
  const modal = (
    <Modal
      open={question !== undefined}
      title="这份名单是哪一种？"
      onCancel={() => finish(undefined)}
      footer={[
        <Button key="cancel" onClick={() => finish(undefined)}>
          取消
        </Button>,
        <Button key="new" onClick={() => finish('new')}>
          {KIND_LABEL.new}
        </Button>,
        <Button key="renewal" onClick={() => finish('renewal')}>
          {KIND_LABEL.renewal}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{question}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">换证人员需单独列表上传（填表说明⑩），并填写原证件号码和原发证单位。</Typography.Paragraph>
    </Modal>
  );
  return [importFile, modal];
}
