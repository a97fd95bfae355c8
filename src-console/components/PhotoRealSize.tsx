import { useState } from 'react';
import { Alert, Button, Modal, Space, Spin, Typography } from 'antd';
import { useBlobUrl } from './blob-url.js';

/**
 * The ID photo at its real pixel size, with its pixel size and file size, so the reviewer judges what
 * the exam office will print. It never grows, and shrinks only when wider than `maxWidth` (the box the
 * page gives it: a spec with no upper limit lets a unit send any size); then it says so, and
 * 按实际尺寸查看 opens it at its real size in a window of its own.
 */
export function PhotoRealSize({ photo, maxWidth }: { photo: { sha256: string; mime: string; size: number } | null; maxWidth: number }) {
  const { url, error } = useBlobUrl(photo?.sha256);
  const [dims, setDims] = useState<{ w: number; h: number }>();
  const [actual, setActual] = useState(false);
  if (!photo) return <Alert type="error" showIcon title="没有照片。请驳回，请单位补传照片。" />;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!url) return <Spin />;
  const scaled = dims !== undefined && dims.w > maxWidth;
  const shown = dims ? (scaled ? { width: maxWidth, height: Math.round((dims.h * maxWidth) / dims.w) } : { width: dims.w, height: dims.h }) : undefined;
  const what = `${photo.mime === 'image/png' ? 'PNG' : 'JPG'}`;
  return (
    <Space orientation="vertical" size={4}>
      <img
        src={url}
        alt={scaled ? '证件照（已缩小显示）' : '证件照（实际大小）'}
        data-testid="photo-real-size"
        className="photo-real-size"
        // Hidden, and kept inside its box, until its real size is known.
        style={shown ?? { visibility: 'hidden', maxWidth }}
        onLoad={(e) => setDims({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
      />
      <Typography.Text type="secondary" data-testid="photo-caption">
        {dims ? `${dims.w} × ${dims.h} 像素，` : ''}
        {Math.ceil(photo.size / 1024)} KB，{what}
        {scaled ? '（已缩小显示）' : '（实际大小显示）'}
      </Typography.Text>
      {scaled && (
        <>
          <Button size="small" onClick={() => setActual(true)}>
            按实际尺寸查看
          </Button>
          <Modal
            open={actual}
            onCancel={() => setActual(false)}
            footer={null}
            centered
            title={`证件照（实际尺寸 ${dims.w} × ${dims.h} 像素）`}
            width={`min(${dims.w + 48}px, 96vw)`}
            styles={{ body: { maxHeight: '80vh', overflow: 'auto' } }}
          >
            <img src={url} alt="证件照（实际尺寸）" data-testid="photo-actual-size" className="photo-real-size" style={{ width: dims.w, height: dims.h, maxWidth: 'none' }} />
          </Modal>
        </>
      )}
    </Space>
  );
}
