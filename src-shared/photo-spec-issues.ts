import type { Issue, IssueCode, Severity } from './domain/issue.js';
import { pixelsAccepted, ratioAccepted, type PhotoSpec } from './photo-spec.js';

/**
 * The photo findings that need only numbers — pixel size and file size against a photo spec — with
 * their Chinese messages. The desktop's inspection and the sync server's re-check of a submitted
 * batch both use these, so the clerk reads the same words whichever side found the problem.
 */

function issue(code: IssueCode, severity: Severity, message: string, value?: string): Issue {
  return value === undefined ? { field: 'photo', code, severity, message } : { field: 'photo', code, severity, message, value };
}

const int = (n: number) => n.toLocaleString('en-US');

/**
 * A person who has no photo yet (every photo spec requires one): what the person lists and the 问题清单
 * show long before 提交, with the two ways to give them one.
 */
export function noPhotoIssue(): Issue {
  return issue('photo.missing', 'error', '缺少照片：请在人员表单中点“选择照片”，或用“照片导入”导入按身份证号命名的照片。');
}

/** 38.2 KB, 1.5 MB: what Windows Explorer shows. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} 字节`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function mm(px: number, dpi: number): number {
  return Math.round((px / dpi) * 25.4);
}

/** The photo.dimensions finding for a photo of width x height, if any. */
export function dimensionIssue(spec: PhotoSpec, width: number, height: number): Issue | undefined {
  if (pixelsAccepted(spec, width, height)) return undefined;
  const p = spec.pixels;
  const value = `${width}×${height}`;
  const is = `照片宽高为 ${width}×${height} 像素`;
  const tooFew = '照片像素不足，放大后会模糊，无法自动修正，请重新拍摄或提供更清晰的原始照片';
  if (p.kind === 'exact') {
    const enough = width >= p.width && height >= p.height;
    return issue(
      'photo.dimensions',
      'error',
      enough ? `${is}，应为 ${p.width}×${p.height} 像素，可点击“一键修正”自动裁剪缩放` : `${is}，应为 ${p.width}×${p.height} 像素；${tooFew}`,
      value,
    );
  }
  if (width < p.minWidth || height < p.minHeight) {
    const physical = spec.minDpi ? `（${mm(p.minWidth, spec.minDpi)}×${mm(p.minHeight, spec.minDpi)} 毫米、${spec.minDpi} DPI）` : '';
    return issue('photo.dimensions', 'error', `${is}，至少应为 ${p.minWidth}×${p.minHeight} 像素${physical}；${tooFew}`, value);
  }
  if (!ratioAccepted(p, width, height)) {
    const wanted = p.ratio.width / p.ratio.height;
    return issue(
      'photo.dimensions',
      'error',
      `照片宽高比为 ${(width / height).toFixed(2)}（${width}×${height} 像素），应为 ${p.ratio.width}:${p.ratio.height}（约 ${wanted.toFixed(2)}）；可点击“一键修正”围绕人像按比例裁剪`,
      value,
    );
  }
  return issue('photo.dimensions', 'error', `${is}，最大应为 ${p.maxWidth ?? width}×${p.maxHeight ?? height} 像素；可点击“一键修正”自动缩小`, value);
}

/** The photo.filesize finding for a file of `bytes`, if any. */
export function fileSizeIssue(spec: PhotoSpec, bytes: number): Issue | undefined {
  const is = `照片文件大小为 ${formatBytes(bytes)}（${int(bytes)} 字节）`;
  if (bytes > spec.maxBytes) {
    return issue('photo.filesize', 'error', `${is}，应不超过 ${int(spec.maxBytes)} 字节（约 ${formatBytes(spec.maxBytes)}）；可点击“一键修正”重新压缩`, String(bytes));
  }
  if (spec.minBytes !== undefined && bytes < spec.minBytes) {
    return issue(
      'photo.filesize',
      'error',
      `${is}，应不小于 ${int(spec.minBytes)} 字节（约 ${formatBytes(spec.minBytes)}）；照片可能被过度压缩，请提供更清晰的原始照片`,
      String(bytes),
    );
  }
  return undefined;
}

