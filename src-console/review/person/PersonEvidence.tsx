import { useState } from 'react';
import { Button, Empty, Space } from 'antd';
import type { ReviewPersonResponse } from '../../../src-shared/contract/sync-api.js';
import { fileNameForMime } from '../../../src-shared/file-names.js';
import { EvidenceViewer } from '../../components/EvidenceViewer.js';

/** The batch's evidence files, one opened inline at a time (a new person starts at the first). */
export function PersonEvidence({ evidence }: { evidence: ReviewPersonResponse['evidence'] }) {
  const [index, setIndex] = useState(0);
  if (evidence.length === 0) return <Empty description="这个批次没有上传佐证资料。" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {evidence.map((e, i) => (
          <Button key={e.sha256} type={i === index ? 'primary' : 'default'} size="small" onClick={() => setIndex(i)}>
            {e.kind} · {fileNameForMime(e.fileName, e.mime)}
          </Button>
        ))}
      </Space>
      <EvidenceViewer file={evidence[Math.min(index, evidence.length - 1)]!} />
    </Space>
  );
}
