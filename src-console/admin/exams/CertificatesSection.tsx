import { useState } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import type { ExamView } from '../../../src-shared/contract/sync-api.js';
import { CERTIFICATE_EXPORT_PATH } from '../../../src-shared/contract/sync-certificates.js';
import { chineseDay } from '../../../src-shared/exam-status.js';
import { fetchBlob, saveBlob } from '../../api/console-client.js';

/**
 * 取证 in an opened exam: the 成绩合格确认公告 date the units' certificates run from (set in 编辑), and
 * the 取证名单 for the certificate office — every number the units uploaded for this exam — as xlsx.
 */
export function CertificatesSection({ exam }: { exam: ExamView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    const r = await fetchBlob(CERTIFICATE_EXPORT_PATH, { examId: exam.id });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(undefined);
    saveBlob(r.value, `取证名单_${exam.name}.xlsx`);
  };
  return (
    <div data-testid={`exam-certificates-${exam.id}`}>
      <Typography.Text strong>取证</Typography.Text>
      <div>
        {exam.resultsAnnouncedOn ? (
          <Typography.Text>成绩合格确认公告：{chineseDay(exam.resultsAnnouncedOn)}（证件有效期自此日起算）</Typography.Text>
        ) : (
          <Typography.Text type="secondary">未填写成绩合格确认公告日期：填写前各单位不能上传证件号。请点“编辑”填写。</Typography.Text>
        )}
      </div>
      <Space style={{ marginTop: 4 }}>
        <Button size="small" onClick={() => void download()} loading={busy}>
          导出取证名单
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 6 }} />}
    </div>
  );
}
