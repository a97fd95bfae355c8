import { useId, type ReactNode } from 'react';
import { Alert, Button, Form, Modal } from 'antd';
import type { Result } from '../../src-shared/contract/desktop-api.js';
import { useAction } from '../use-action.js';

/**
 * A small form in a dialog (修改资料, 修改密码): 取消 and the submit button in the footer, bound to the
 * form by its id so Enter in any box submits too; the form's rules run first (antd calls onFinish only
 * when every field passes), then `action` through useAction, whose Chinese error shows above the
 * fields until the next try or 取消. `onDone` gets the action's answer; closing is the caller's.
 */
// T is an object (every desktop answer is), so useAction's undefined means only "the call failed".
export function FormModal<V extends object, T extends object>({
  open,
  title,
  okText,
  initialValues,
  action,
  onDone,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  initialValues?: Partial<V>;
  action: (values: V) => Promise<Result<T>>;
  onDone: (value: T) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const formId = useId();
  const { busy, error, setError, run } = useAction();

  const submit = async (values: V) => {
    const r = await run(okText, () => action(values));
    if (r !== undefined) onDone(r);
  };
  const cancel = () => {
    setError(undefined);
    onCancel();
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={cancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={cancel}>
          取消
        </Button>,
        <Button key="ok" type="primary" htmlType="submit" form={formId} loading={busy === okText}>
          {okText}
        </Button>,
      ]}
    >
      <Form<V> id={formId} layout="vertical" preserve={false} requiredMark={false} initialValues={initialValues} onFinish={(v) => void submit(v)}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        {children}
      </Form>
    </Modal>
  );
}
