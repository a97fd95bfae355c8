import { Button, Form, Input, Select } from 'antd';
import { JURISDICTION_KIND_NAME, reviewStepName, type JurisdictionKind, type SyncRequest, type SyncResponse } from '../../src-shared/contract/sync-api.js';

type Directory = SyncResponse<'GET /admin/directory'> | undefined;

/** The small inline forms above each directory table; each clears itself after a successful add. */

export function AddUserForm({ directory, onAdd }: { directory: Directory; onAdd: (input: SyncRequest<'POST /admin/users'>) => Promise<boolean> }) {
  const [form] = Form.useForm<{ username: string; displayName?: string; role: 'unit' | 'reviewer' | 'admin'; unitId?: number; jurisdictionId?: number }>();
  const role = Form.useWatch('role', form);
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginBottom: 12, rowGap: 8 }}
      initialValues={{ role: 'reviewer' }}
      onFinish={(v) =>
        void onAdd({
          username: v.username.trim(),
          ...(v.displayName ? { displayName: v.displayName.trim() } : {}),
          role: v.role,
          unitId: v.role === 'unit' ? (v.unitId ?? null) : null,
          jurisdictionId: v.role === 'reviewer' ? (v.jurisdictionId ?? null) : null,
        }).then((ok) => ok && form.resetFields())
      }
    >
      <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}>
        <Input placeholder="用户名（登录用）" aria-label="用户名" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="displayName">
        <Input placeholder="姓名或说明（可选）" aria-label="姓名" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="role">
        <Select aria-label="角色" style={{ width: 120 }} options={[{ value: 'reviewer', label: '审核人员' }, { value: 'unit', label: '执法单位' }, { value: 'admin', label: '管理员' }]} />
      </Form.Item>
      {role === 'unit' && (
        <Form.Item name="unitId" rules={[{ required: true, message: '请选择执法单位' }]}>
          <Select aria-label="执法单位" placeholder="执法单位" showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} options={directory?.units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      )}
      {role === 'reviewer' && (
        <Form.Item name="jurisdictionId" rules={[{ required: true, message: '请选择司法局' }]}>
          <Select
            aria-label="所属司法局"
            placeholder="所属司法局"
            style={{ width: 240 }}
            options={directory?.jurisdictions.map((j) => ({ value: j.id, label: `${j.name}（${reviewStepName(j.level, j.kind)}审核）` }))}
          />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit">
        添加账号
      </Button>
    </Form>
  );
}

export function AddUnitForm({ directory, onAdd }: { directory: Directory; onAdd: (input: SyncRequest<'POST /admin/units'>) => Promise<boolean> }) {
  const [form] = Form.useForm<{ name: string; jurisdictionId: number }>();
  return (
    <Form form={form} layout="inline" style={{ marginBottom: 12 }} onFinish={(v) => void onAdd({ name: v.name.trim(), jurisdictionId: v.jurisdictionId }).then((ok) => ok && form.resetFields())}>
      <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写单位全称' }]}>
        <Input placeholder="执法单位全称" aria-label="执法单位名称" style={{ width: 280 }} />
      </Form.Item>
      <Form.Item name="jurisdictionId" rules={[{ required: true, message: '请选择所属司法局' }]}>
        <Select aria-label="所属司法局" placeholder="所属司法局" style={{ width: 220 }} options={directory?.jurisdictions.map((j) => ({ value: j.id, label: j.kind === 'department' ? `${j.name}（省直部门）` : j.name }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        添加执法单位
      </Button>
    </Form>
  );
}

/** What each kind is placed under, and how its form asks for that. */
const PARENT_OF: Partial<Record<JurisdictionKind, { kind: JurisdictionKind; label: string }>> = {
  county: { kind: 'city', label: '上级市司法局' },
  department: { kind: 'province', label: '所属省级司法厅' },
};
const NAME_EXAMPLE: Record<JurisdictionKind, string> = { county: '如：青秀区司法局', city: '如：南宁市司法局', province: '如：自治区司法厅', department: '如：自治区交通运输厅' };

/**
 * Adds a judicial bureau (county under a city, or a city), the province's judicial bureau, or a
 * department directly under the province: its units' people are reviewed first by the department's
 * legal office and finally by the province, whatever the cities' review levels.
 */
export function AddJurisdictionForm({ directory, onAdd }: { directory: Directory; onAdd: (input: SyncRequest<'POST /admin/jurisdictions'>) => Promise<boolean> }) {
  const [form] = Form.useForm<{ name: string; level: JurisdictionKind; parentId?: number }>();
  const level = Form.useWatch('level', form) ?? 'county';
  const parent = PARENT_OF[level];
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginBottom: 12 }}
      initialValues={{ level: 'county' }}
      onFinish={(v) => void onAdd({ name: v.name.trim(), level: v.level, parentId: PARENT_OF[v.level] ? (v.parentId ?? null) : null }).then((ok) => ok && form.resetFields())}
    >
      <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input placeholder={NAME_EXAMPLE[level]} aria-label="名称" style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="level">
        <Select
          aria-label="级别"
          style={{ width: 130 }}
          onChange={() => form.setFieldValue('parentId', undefined)}
          options={(['county', 'city', 'department', 'province'] as const).map((k) => ({ value: k, label: JURISDICTION_KIND_NAME[k] }))}
        />
      </Form.Item>
      {parent && (
        <Form.Item name="parentId" rules={[{ required: true, message: `请选择${parent.label}` }]}>
          <Select
            aria-label={parent.label}
            placeholder={parent.label}
            style={{ width: 200 }}
            options={directory?.jurisdictions.filter((j) => j.kind === parent.kind).map((j) => ({ value: j.id, label: j.name }))}
          />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit">
        添加
      </Button>
    </Form>
  );
}
