import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { RefSelectProps } from 'antd';
import { Modal, Select, Typography } from 'antd';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import { api } from '../api/desktop-client.js';

type Choice = { id: number; name: string };

/**
 * A new batch registers for one exam (issue 19). When more than one exam is in 网络报名 the clerk picks
 * one in a dialog with a Select before the work starts (import, 添加 without a batch); with one the main
 * process takes it by itself, with none known nothing is asked. Should the list here be stale and main
 * still answer exam.choice_required, the dialog comes then and the call goes again with the choice.
 * `withExam(what, call)` answers the call's Result, or ok with undefined when the clerk cancelled.
 */
export function useExamChoice(): [<T>(what: string, call: (examId: number | undefined) => Promise<Result<T>>) => Promise<Result<T | undefined>>, ReactNode] {
  const [asking, setAsking] = useState<{ what: string; exams: Choice[] }>();
  const [picked, setPicked] = useState<number>();
  const answer = useRef<(id: number | undefined) => void>(undefined);
  const select = useRef<RefSelectProps>(null);

  const ask = useCallback((what: string, exams: Choice[]) => {
    setPicked(undefined);
    setAsking({ what, exams });
    return new Promise<number | undefined>((resolve) => (answer.current = resolve));
  }, []);
  const openExams = async (): Promise<Choice[]> => {
    const r = await api['examTasks.list'](undefined);
    return r.ok ? r.value.openForRegistration : [];
  };

  const withExam = useCallback(
    async <T,>(what: string, call: (examId: number | undefined) => Promise<Result<T>>): Promise<Result<T | undefined>> => {
      const open = await openExams();
      let examId: number | undefined;
      if (open.length > 1) {
        examId = await ask(what, open);
        if (examId === undefined) return { ok: true, value: undefined };
      }
      const first = await call(examId);
      if (first.ok || first.error.code !== 'exam.choice_required' || examId !== undefined) return first;
      const again = await openExams();
      if (again.length < 2) return first;
      const chosen = await ask(what, again);
      return chosen === undefined ? { ok: true, value: undefined } : call(chosen);
    },
    [ask],
  );

  const finish = (id: number | undefined) => {
    answer.current?.(id);
    answer.current = undefined;
    setAsking(undefined);
  };
  const modal = (
    <Modal
      open={asking !== undefined}
      title="报名哪个考试？"
      okText="确定"
      cancelText="取消"
      okButtonProps={{ disabled: picked === undefined }}
      onOk={() => finish(picked)}
      onCancel={() => finish(undefined)}
      destroyOnHidden
      // The Select takes the keys once the dialog stands: ↓ opens it, Enter picks, Tab → 确定.
      afterOpenChange={(open) => open && select.current?.focus()}
    >
      <Typography.Paragraph>{`现在有 ${asking?.exams.length ?? 0} 个考试正在网络报名。请选择${asking?.what ?? ''}报名的考试，一个批次只能报一个考试。`}</Typography.Paragraph>
      <Select<number>
        ref={select}
        data-testid="exam-choice"
        style={{ width: '100%' }}
        placeholder="请选择考试"
        value={picked}
        onChange={setPicked}
        options={(asking?.exams ?? []).map((e) => ({ value: e.id, label: e.name }))}
      />
    </Modal>
  );
  return [withExam, modal];
}
