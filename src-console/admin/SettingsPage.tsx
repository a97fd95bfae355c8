import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Radio, Select, Space, Spin, Switch, Typography } from 'antd';
import type { SyncResponse } from '../../src-shared/contract/sync-api.js';
import { BACKGROUND_LABEL, SPEC_FORMAT_LABEL, type PhotoSpec } from '../../src-shared/photo-spec.js';
import { callApi } from '../api/console-client.js';

type Settings = SyncResponse<'GET /admin/settings'>;

function pixelText(p: PhotoSpec['pixels']): string {
  return p.kind === 'exact' ? `${p.width}×${p.height}` : `至少 ${p.minWidth}×${p.minHeight}，宽高比 ${p.ratio.width}:${p.ratio.height}`;
}

/** The deployment's review levels, photo spec and 交费; the choice here wins over the start-up setting. */
export function SettingsPage() {
  const { message } = AntApp.useApp();
  const [settings, setSettings] = useState<Settings>();
  const [draft, setDraft] = useState<{ reviewStages: 1 | 2; photoSpec: string; feesEnabled: boolean }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const show = (s: Settings) => {
    setSettings(s);
    setDraft({ reviewStages: s.reviewStages, photoSpec: s.photoSpec.id, feesEnabled: s.feesEnabled });
  };
  useEffect(() => {
    void callApi('GET /admin/settings').then((r) => (r.ok ? show(r.value) : setError(r.error.message)));
  }, []);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    const r = await callApi('PUT /admin/settings', draft);
    setBusy(false);
    if (!r.ok) setError(r.error.message);
    else {
      setError(undefined);
      show(r.value);
      message.success('已保存，立即生效。');
    }
  };

  if (!settings || !draft) return error ? <Alert type="error" showIcon title={error} /> : <Spin />;
  const changed = draft.reviewStages !== settings.reviewStages || draft.photoSpec !== settings.photoSpec.id || draft.feesEnabled !== settings.feesEnabled;
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        审核级别与照片规格
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Card size="small" title="审核级别" style={{ marginBottom: 16 }}>
        <Radio.Group
          value={draft.reviewStages}
          onChange={(e) => setDraft({ ...draft, reviewStages: e.target.value as 1 | 2 })}
          options={[
            { value: 1, label: '一级审核：单位所属的司法局审核（如福建：本级司法部门审核）' },
            { value: 2, label: '两级审核：县级司法局初审，市级司法局终审（如广西）' },
          ]}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          改动只影响之后提交的人员；已经在某一级等待审核的人员仍在原处等待。省直部门下属单位的人员不受这项设置影响，总是由部门法制机构初审、省级司法厅终审。
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="照片规格" style={{ marginBottom: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select
            aria-label="照片规格"
            value={draft.photoSpec}
            onChange={(v) => setDraft({ ...draft, photoSpec: v })}
            style={{ width: 360 }}
            options={settings.photoSpecs.map((p) => ({ value: p.id, label: p.name }))}
          />
          <Typography.Text type="secondary">{settings.photoSpecs.find((p) => p.id === draft.photoSpec)?.summary}</Typography.Text>
          <Descriptions size="small" bordered column={2} title={`现行规格：${settings.photoSpec.name}`} data-testid="photo-spec-in-force">
            <Descriptions.Item label="格式">{settings.photoSpec.formats.map((f) => SPEC_FORMAT_LABEL[f]).join('、')}</Descriptions.Item>
            <Descriptions.Item label="像素">{pixelText(settings.photoSpec.pixels)}</Descriptions.Item>
            <Descriptions.Item label="文件大小">
              {settings.photoSpec.minBytes ? `${Math.round(settings.photoSpec.minBytes / 1000)}K 至 ` : '不超过 '}
              {Math.round(settings.photoSpec.maxBytes / 1000)}K
            </Descriptions.Item>
            <Descriptions.Item label="分辨率">{settings.photoSpec.minDpi ? `至少 ${settings.photoSpec.minDpi} DPI` : '不限'}</Descriptions.Item>
            <Descriptions.Item label="背景">{BACKGROUND_LABEL[settings.photoSpec.background]}</Descriptions.Item>
            <Descriptions.Item label="颜色">{settings.photoSpec.color ? '彩色' : '不限'}</Descriptions.Item>
            <Descriptions.Item label="来源">{settings.source.photoSpec === 'admin' ? '管理员在此设置' : '服务器启动参数（--photo-spec）'}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">服务器按这个规格检查每个批次的照片（格式、文件大小、像素尺寸），并下发给各单位的报名助手。</Typography.Text>
        </Space>
      </Card>
      <Card size="small" title="交费" style={{ marginBottom: 16 }}>
        <Space>
          <Switch aria-label="交费" checked={draft.feesEnabled} onChange={(on) => setDraft({ ...draft, feesEnabled: on })} />
          <span>{draft.feesEnabled ? '收取考试费：各批次填写交费信息，确认“已交费”后才开通网络培训' : '不收取考试费：终审通过即开通网络培训'}</span>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          打开后，报名助手在“人员导入”中为每个批次显示“交费”（人数 × 考试费、汇款凭证、收据和资料领取信息）；终审的司法局在“批次与导出”中核对后“标记已交费”，该批次已终审通过的人员随即开通网络培训（学习账号）。
        </Typography.Paragraph>
      </Card>
      <Button type="primary" disabled={!changed} loading={busy} onClick={() => void save()}>
        保存
      </Button>
    </>
  );
}
