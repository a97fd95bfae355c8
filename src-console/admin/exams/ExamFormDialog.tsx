import { useEffect, useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ExamInput, ExamView } from '../../../src-shared/contract/sync-api.js';
import { EXAM_STAGE_LABEL, EXAM_STAGES, REQUIRED_STAGES, type ExamStage } from '../../../src-shared/exam-status.js';
import { DEFAULT_ELIGIBILITY_RULE, MOCK_EXAMS_MAX, STUDY_HOURS_MAX } from '../../../src-shared/training-eligibility.js';
import { callApi } from '../../api/console-client.js';
import { codeTables } from '../../review/reference-cache.js';

// The date pickers' weeks start on Monday and their month names are Chinese (antd's zh_CN covers the rest).
dayjs.locale('zh-cn');

type Range = [Dayjs | null, Dayjs | null] | null | undefined;
interface FormValues {
  name: string;
  category: string;
  feeYuan: number | null;
  sites: string[];
  /** 打印准考证的培训要求. */
  studyHours: number | null;
  mockExams: number | null;
  /** 成绩合格确认公告 date (取证); empty until the results are announced. */
  resultsAnnouncedOn: Dayjs | null;
  windows: Partial<Record<ExamStage, Range>>;
}

const DATE = 'YYYY-MM-DD';

function toForm(exam: ExamView | undefined): FormValues {
  const rule = exam?.eligibility ?? DEFAULT_ELIGIBILITY_RULE;
  const ruleValues = { studyHours: rule.studyHours, mockExams: rule.mockExams };
  if (!exam) return { name: '', category: '', feeYuan: 200, sites: [], ...ruleValues, resultsAnnouncedOn: null, windows: {} };
  const windows = Object.fromEntries(
    EXAM_STAGES.map((s) => {
      const w = exam.windows[s];
      return [s, w ? [dayjs(w.start, DATE), dayjs(w.end, DATE)] : null];
    }),
  ) as FormValues['windows'];
  return { name: exam.name, category: exam.category, feeYuan: exam.feeYuan, sites: exam.sites, ...ruleValues, resultsAnnouncedOn: exam.resultsAnnouncedOn ? dayjs(exam.resultsAnnouncedOn, DATE) : null, windows };
}

function toInput(v: FormValues): ExamInput {
  const w = (s: ExamStage) => {
    const r = v.windows[s];
    return r && r[0] && r[1] ? { start: r[0].format(DATE), end: r[1].format(DATE) } : null;
  };
  return {
    name: v.name,
    category: v.category,
    feeYuan: v.feeYuan ?? 0,
    sites: v.sites ?? [],
    eligibility: { studyHours: v.studyHours ?? DEFAULT_ELIGIBILITY_RULE.studyHours, mockExams: v.mockExams ?? DEFAULT_ELIGIBILITY_RULE.mockExams },
    resultsAnnouncedOn: v.resultsAnnouncedOn ? v.resultsAnnouncedOn.format(DATE) : null,
    windows: { registration: w('registration')!, review: w('review'), payment: w('payment'), training: w('training'), admitCard: w('admitCard'), exam: w('exam')! },
  };
}

/**
 * 新增考试 / 编辑考试: the whole task in one form. Each stage is one RangePicker (typed dates work too);
 * 网络报名 and 考试 are required, the others (marked 可选) left empty where the province does not run them. The
 * server checks everything again and its Chinese reason is shown above the form.
 */
export function ExamFormDialog({ exam, open, onClose, onSaved }: { exam?: ExamView; open: boolean; onClose: () => void; onSaved: (e: ExamView) => void }) {
  const [form] = Form.useForm<FormValues>();
  const [categories, setCategories] = useState<Array<{ value: string; label: string }>>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void codeTables().then((r) => {
      if (r.ok) setCategories(r.value.examCategory.entries.map((e) => ({ value: e.name, label: e.name })));
      else setError(r.error.message);
    });
  }, []);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toForm(exam));
      setError(undefined);
    }
  }, [open, exam, form]);

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is missing
    }
    setBusy(true);
    const input = toInput(values);
    const r = exam ? await callApi('PUT /admin/exams/:examId', input, { examId: exam.id }) : await callApi('POST /admin/exams', input);
    setBusy(false);
    if (!r.ok) setError(r.error.message);
    else onSaved(r.value);
  };

  return (
    <Modal
      title={exam ? `编辑考试：${exam.name}` : '新增考试'}
      open={open}
      width={760}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
      // Near the top: the whole form, 保存 included, fits 768 px without scrolling.
      style={{ top: 20 }}
      styles={{ body: { paddingTop: 8 } }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="exam-form-error" />}
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={() => void save()}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="name" label="考试名称" rules={[{ required: true, whitespace: true, message: '请填写考试名称（如 2026年度广西行政执法人员资格考试）。' }]}>
              <Input maxLength={100} placeholder="如 2026年度广西行政执法人员资格考试" autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label="考试类别" rules={[{ required: true, message: '请选择考试类别。' }]}>
              <Select options={categories} placeholder="请选择" showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="feeYuan" label="考试费" rules={[{ required: true, message: '请填写每人的考试费（元）。' }]}>
              <InputNumber min={0} max={100000} precision={0} suffix="元/人" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {EXAM_STAGES.map((s) => (
            <Col span={12} key={s}>
              <Form.Item
                name={['windows', s]}
                label={EXAM_STAGE_LABEL[s]}
                rules={REQUIRED_STAGES.includes(s) ? [{ required: true, message: `请选择${EXAM_STAGE_LABEL[s]}的开始和结束日期。` }] : []}
              >
                <DatePicker.RangePicker format={DATE} style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} aria-label={EXAM_STAGE_LABEL[s]} />
              </Form.Item>
            </Col>
          ))}
          {/* The 打印准考证 rule (Guangxi notice: 6 学时, 1 套模拟考试) beside the 公告 date: one row, so the form stays within 768 px. */}
          <Col span={6}>
            <Form.Item
              name="studyHours"
              label="准考证须完成学时"
              tooltip="学员完成这些学时的网络课程和下一项的模拟考试后，方能打印准考证（广西通知：6 学时、1 套模拟考试）。"
              rules={[{ required: true, message: '请填写要求的学时（通知为 6 学时）。' }]}
            >
              <InputNumber min={0} max={STUDY_HOURS_MAX} precision={0} suffix="学时" style={{ width: '100%' }} aria-label="打印准考证须完成学时" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="mockExams" label="须完成模拟考试" rules={[{ required: true, message: '请填写要求的模拟考试次数（通知为 1 次）。' }]}>
              <InputNumber min={0} max={MOCK_EXAMS_MAX} precision={0} suffix="次" style={{ width: '100%' }} aria-label="打印准考证须完成模拟考试" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="resultsAnnouncedOn" label="成绩合格确认公告日期" extra="取证：证件有效期自此日起算 5 年。成绩公告后填写。">
              <DatePicker format={DATE} style={{ width: '100%' }} placeholder="公告后填写" aria-label="成绩合格确认公告日期" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="sites" label="考点" extra="输入考点名称后按回车，可输入多个；也可用逗号或顿号隔开。" style={{ marginBottom: 0 }}>
              <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} placeholder="如 南宁市考点" aria-label="考点" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
