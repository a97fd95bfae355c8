import { Alert, Button, Space, Spin, Typography } from 'antd';
import { fileNameForMime } from '../../src-shared/file-names.js';
import { saveBlob } from '../api/console-client.js';
import { useBlobUrl } from './blob-url.js';

export interface EvidenceFile {
  sha256: string;
  fileName: string;
  mime: string;
  size: number;
}

/** One evidence file opened inline: an image as itself, a PDF in the browser's own viewer. */
export function EvidenceViewer({ file }: { file: EvidenceFile }) {
  const { url, blob, error } = useBlobUrl(file.sha256);
  // Shown and saved under a cleaned name ending in the extension of what the bytes are (the server
  // sniffed them): no bidi override can dress an .exe up as a .jpg here.
  const name = fileNameForMime(file.fileName, file.mime);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!url || !blob) return <Spin />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text strong>{name}</Typography.Text>
        <Typography.Text type="secondary">{Math.ceil(file.size / 1024)} KB</Typography.Text>
        <Button size="small" onClick={() => saveBlob(blob, fileNameForMime(name, blob.type || file.mime))}>
          下载
        </Button>
      </Space>
      {file.mime === 'application/pdf' ? (
        <iframe title={name} src={url} className="evidence-frame" data-testid="evidence-pdf" />
      ) : (
        <img src={url} alt={name} style={{ maxWidth: '100%' }} data-testid="evidence-image" />
      )}
    </Space>
  );
}
