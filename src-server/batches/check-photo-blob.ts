import type { Issue } from '../../src-shared/domain/issue.js';
import { SPEC_FORMAT_LABEL, type PhotoSpec } from '../../src-shared/photo-spec.js';
import { dimensionIssue, fileSizeIssue } from '../../src-shared/photo-spec-issues.js';
import { FILE_TYPE_MIME } from '../../src-shared/file-type.js';

/** What the server knows about an uploaded file without opening it (recorded at upload). */
export interface StoredBlob {
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
}

/**
 * A submitted photo against the photo spec in force: the real format (from the bytes at upload), the
 * file size and the pixel size, with the same messages the desktop shows. Background, colour and DPI
 * need the pixels decoded and are left to the desktop's inspection.
 */
export function photoBlobIssues(blob: StoredBlob, spec: PhotoSpec, fileName: string): Issue[] {
  const wanted = spec.formats.map((f) => SPEC_FORMAT_LABEL[f]).join(' 或 ');
  if (!spec.formats.some((f) => FILE_TYPE_MIME[f] === blob.mime)) {
    const is = blob.mime === 'application/pdf' ? 'PDF 文档' : blob.mime === 'image/png' ? 'PNG 图片' : blob.mime === 'image/jpeg' ? 'JPG 图片' : blob.mime;
    return [{ field: 'photo', code: 'photo.format', severity: 'error', value: fileName, message: `照片“${fileName}”按文件内容是 ${is}，不是规定的照片格式，应为 ${wanted}；请在报名助手里重新导入或“一键修正”照片后再提交。` }];
  }
  if (blob.width === null || blob.height === null) {
    return [{ field: 'photo', code: 'photo.format', severity: 'error', value: fileName, message: `照片“${fileName}”已损坏，服务器无法读取；请从原始照片重新导入后再提交。` }];
  }
  const issues: Issue[] = [];
  const size = fileSizeIssue(spec, blob.size);
  if (size) issues.push(size);
  const dims = dimensionIssue(spec, blob.width, blob.height);
  if (dims) issues.push(dims);
  return issues.map((i) => ({ ...i, message: `照片“${fileName}”：${i.message}。` }));
}
