import { useEffect } from 'react';
import { App as AntApp, Button, Card, Form, InputNumber, Space } from 'antd';
import { DEADLINE_WARNING_DAYS_MAX, warningDaysSchema } from '../../src-shared/contract/desktop-exam-tasks-api.js';
import { api } from '../api/desktop-client.js';
import { useCall } from '../use-call.js';
import { useAction } from '../use-action.js';

/**
 * 同步设置 → 报名截止提醒 (issue 19): from how many days before 网络报名 closes 首页 and 人员导入 warn
 * about batches not yet submitted; 0 turns the warning off. Checked here with the contract's own
 * rule (the same Chinese words main answers), kept on this PC, used offline.
 */
export function WarningDaysCard() {
  const { message } = AntApp.useApp();
  const view = useCall(() => api['examTasks.list'](undefined), []);
  const [form] = Form.useForm<{ days: number | null }>();
  const { busy, run } = useAction();
  const stored = view.value?.warningDays;
  useEffect(() => {
    if (stored !== undefined) form.setFieldsValue({ days: stored });
  }, [stored]);

  const save = async ({ days }: { days: number | null }) => {
    const r = await run('提醒', () => api['examTasks.setWarningDays']({ days: days ?? Number.NaN }));
    if (!r) return;
    void message.success(r.warningDays === 0 ? '已关闭报名截止提醒。' : `报名截止前 ${r.warningDays} 天起提醒尚未提交的批次。`);
    view.reload();
  };
  return (
    <Card title="报名截止提醒" size="small">
      <Form form={form} layout="horizontal" labelCol={{ span: 5 }} onFinish={(v) => void save(v)}>
        <Form.Item label="提前提醒天数" extra={`网络报名截止前这么多天起，在“首页”和“人员导入”提醒本单位尚未提交的批次。填 0 表示不提醒（0 到 ${DEADLINE_WARNING_DAYS_MAX} 天）。`}>
          <Space align="start">
            <Form.Item
              name="days"
              noStyle
              rules={[
                {
                  validator: async (_rule, value: unknown) => {
                    const r = warningDaysSchema.safeParse(value ?? undefined);
                    if (!r.success) throw new Error(r.error.issues[0]?.message ?? `请填写 0 到 ${DEADLINE_WARNING_DAYS_MAX} 之间的整数。`);
                  },
                },
              ]}
            >
              <InputNumber aria-label="提前提醒天数" style={{ width: 120 }} suffix="天" />
            </Form.Item>
            <Button htmlType="submit" loading={busy === '提醒'}>
              保存
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
