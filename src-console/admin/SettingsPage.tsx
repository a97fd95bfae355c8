import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Radio, Select, Space, Spin, Typography } from 'antd';
import type { SyncResponse } from '../../src-shared/contract/sync-api.js';
import { callApi } from '../api/console-client.js';

type Settings = SyncResponse<'GET /admin/settings'>;

/** The deployment's review levels and photo spec; the choice here wins over the start-up setting. */
export function SettingsPage() {
  const { message } = AntApp.useApp();
  const [settings, setSettings] = useState<Settings>();
  const [draft, setDraft] = useState<{ reviewStages: 1 | 2; photoSpec: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const show = (s: Settings) => {
    setSettings(s);
    setDraft({ reviewStages: s.reviewStages, photoSpec: s.photoSpec.id });
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
  const changed = draft.reviewStages !== settings.reviewStages || draft.photoSpec !== settings.photoSpec.id;
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
          改动只影响之后提交的人员；已经在某一级等待审核的人员仍在原处等待。
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
          <Descriptions size="small" bordered column={1} title="现行规格">
            {Object.entries(settings.photoSpec)
              .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
              .map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {String(v)}
                </Descriptions.Item>
              ))}
          </Descriptions>
          <Typography.Text type="secondary">服务器按这个规格检查每个批次的照片（格式、文件大小、像素尺寸），并下发给各单位的报名助手。</Typography.Text>
        </Space>
      </Card>
      <Button type="primary" disabled={!changed} loading={busy} onClick={() => void save()}>
        保存
      </Button>
    </>
  );
}
