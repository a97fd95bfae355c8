import { useState } from 'react';
import { Alert, Space, Spin, Typography } from 'antd';
import { useBlobUrl } from './blob-url.js';

/**
 * The ID photo at its real pixel size (never scaled up or down), with its pixel size and file size,
 * so the reviewer judges what the exam office will print.
 */
export function PhotoRealSize({ photo }: { photo: { sha256: string; mime: string; size: number } | null }) {
  const { url, error } = useBlobUrl(photo?.sha256);
  const [dims, setDims] = useState<{ w: number; h: number }>();
  if (!photo) return <Alert type="error" showIcon title="没有照片。请驳回，请单位补传照片。" />;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!url) return <Spin />;
  return (
    <Space orientation="vertical" size={4}>
      <img
        src={url}
        alt="证件照（实际大小）"
        data-testid="photo-real-size"
        className="photo-real-size"
        style={dims ? { width: dims.w, height: dims.h } : { visibility: 'hidden' }}
        onLoad={(e) => setDims({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
      />
      <Typography.Text type="secondary">
        {dims ? `${dims.w} × ${dims.h} 像素，` : ''}
        {Math.ceil(photo.size / 1024)} KB，{photo.mime === 'image/png' ? 'PNG' : 'JPG'}（实际大小显示）
      </Typography.Text>
    </Space>
  );
}
