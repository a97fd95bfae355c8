import type { Issue, IssueCode, Severity } from '../../src-shared/domain/issue.js';
import { BACKGROUND_LABEL, SPEC_FORMAT_LABEL, type PhotoSpec, type PhotoSpecFormat } from '../../src-shared/photo-spec.js';
import { dimensionIssue, fileSizeIssue, formatBytes } from '../../src-shared/photo-spec-issues.js';

export { dimensionIssue, formatBytes };
import { DECODABLE_FORMATS, extensionOf, sniffPhotoFormat, type PhotoFormat } from './photo-format.js';
import { FILE_FORMATS, extensionFitsType, savedExtension } from '../../src-shared/file-type.js';
import { MAX_PHOTO_PIXELS, analysePixels, bitDepthOf, exifHasGps, readHeader, type BackgroundEstimate, type BackgroundName, type PixelFacts } from './photo-decode.js';

/**
 * Checks one photo against a photo spec profile: the facts (real format, size after EXIF orientation,
 * DPI, colour, background …) and the findings as Issues with the photo.* codes of DESIGN.md. Every
 * message names the number that is wrong, the number wanted and what to do. It never throws for a
 * bad file: unreadable, truncated, corrupt or absurdly large files are findings too.
 */

export interface PhotoInspection {
  /** As given (only used in messages). */
  fileName: string;
  /** The real format, from the magic bytes; never from the extension. */
  format: PhotoFormat;
  /** The name's extension, lower case with its dot ('' when none). */
  extension: string;
  /** File size in bytes. */
  bytes: number;
  /** Whether the pixels could be decoded (false: unsupported format, corrupt, truncated or too large). */
  readable: boolean;
  /** Width and height as the photo is shown, i.e. after EXIF orientation. */
  width?: number;
  height?: number;
  /** EXIF orientation 1..8 (1 when none). */
  orientation?: number;
  /** DPI recorded in the file (72 when it records none, as viewers assume). */
  dpi?: number;
  color?: 'color' | 'greyscale';
  /** Estimated from the border pixels. */
  background?: BackgroundEstimate;
  channels?: number;
  hasAlpha?: boolean;
  /** Bits per channel sample: 8, 16, … (1, 2, 4 for packed PNG). */
  bitDepth?: number;
  /** libvips' name of the colour space: srgb, cmyk, b-w, rgb16, grey16, … */
  colorSpace?: string;
  /** Whether the file carries EXIF data, and GPS coordinates in it. */
  hasExif?: boolean;
  hasGps?: boolean;
  issues: Issue[];
}

export interface PhotoInput {
  bytes: Buffer;
  fileName: string;
}

const FIELD = 'photo';

function issue(code: IssueCode, severity: Severity, message: string, value?: string): Issue {
  return value === undefined ? { field: FIELD, code, severity, message } : { field: FIELD, code, severity, message, value };
}

function wantedFormats(spec: PhotoSpec): string {
  return spec.formats.map((f) => SPEC_FORMAT_LABEL[f]).join(' 或 ');
}

const FOUND_BACKGROUND: Record<BackgroundName, string> = {
  red: '红色',
  white: '白色',
  blue: '蓝色',
  transparent: '透明',
  grey: '灰色',
  other: '其他颜色',
  mixed: '不是单一颜色',
};

/** A file this program cannot decode at all: say what it is and how to get a usable photo. */
export function unreadableFormatIssue(format: PhotoFormat, spec: PhotoSpec): Issue {
  const want = `应为 ${wantedFormats(spec)} 格式的照片`;
  const convert = `请另存或导出为 ${wantedFormats(spec)} 后再导入`;
  switch (format) {
    case 'heic':
      return issue('photo.format', 'error', `照片是 HEIC 格式（苹果手机默认的照片格式），本程序无法读取，${want}；请在手机上把照片导出为 JPG（或在“设置-相机-格式”中选“兼容性最佳”后重拍），再导入`, 'heic');
    case 'bmp':
      return issue('photo.format', 'error', `照片实际是 BMP 格式，本程序无法读取，${want}；请用“画图”等软件打开后${convert}`, 'bmp');
    case 'pdf':
      return issue('photo.format', 'error', `这个文件实际是 PDF 文档，不是照片，${want}；请提供照片文件本身（可从 PDF 中截取后${convert.slice(1)}）`, 'pdf');
    default:
      return issue('photo.format', 'error', `无法识别这个文件的格式（不是 JPG、PNG 等常见图片），${want}；请检查是否选错了文件`, FILE_FORMATS[format].label);
  }
}

/** Truncated or corrupt pixel data. */
export function corruptIssue(format: PhotoFormat, spec: PhotoSpec): Issue {
  return issue(
    'photo.format',
    'error',
    `照片文件已损坏或不完整（${FILE_FORMATS[format].label} 数据读不完，可能没有复制或下载完整），无法读取，应为完整的 ${wantedFormats(spec)} 照片；请从原始照片重新复制或导出后再导入`,
    FILE_FORMATS[format].label,
  );
}

/** 16 亿像素, 1200 万像素. */
function pixelCount(n: number): string {
  return n >= 1e8 ? `${Number((n / 1e8).toFixed(1))} 亿像素` : `${Math.round(n / 1e4)} 万像素`;
}

export function tooManyPixelsIssue(width: number, height: number, spec: PhotoSpec): Issue {
  const wanted = spec.pixels.kind === 'exact' ? `${spec.pixels.width}×${spec.pixels.height} 像素` : `至少 ${spec.pixels.minWidth}×${spec.pixels.minHeight} 像素`;
  return issue(
    'photo.dimensions',
    'error',
    `照片宽高为 ${width}×${height} 像素（${pixelCount(width * height)}），超过本程序能安全处理的 ${pixelCount(MAX_PHOTO_PIXELS)}，不是正常的证件照，应为 ${wanted}；请换用正常尺寸的照片`,
    `${width}×${height}`,
  );
}

function backgroundIssue(spec: PhotoSpec, found: BackgroundEstimate): Issue | undefined {
  const want = spec.background;
  if (want === 'any' || found.name === want) return undefined;
  const wantText = want === 'transparent' ? '透明背景' : `${BACKGROUND_LABEL[want]}背景`;
  const rgb = found.rgb ? `（RGB ${found.rgb.join(',')}）` : '';
  if (found.name === 'transparent') {
    return issue('photo.background', 'error', `照片背景是透明的，应为${wantText}；可点击“一键修正”把透明背景填充为${BACKGROUND_LABEL[want]}`, 'transparent');
  }
  if (found.name === 'mixed') {
    return issue(
      'photo.background',
      'error',
      `照片背景不是单一颜色（边缘只有 ${Math.round(found.share * 100)}% 是同一种颜色），应为${wantText}；背景无法自动修正，请在纯色背景前重新拍摄，或用证件照软件更换背景后再导入`,
      'mixed',
    );
  }
  const found_ = `照片背景为${FOUND_BACKGROUND[found.name]}${rgb}，应为${wantText}`;
  if (want === 'transparent') {
    return issue('photo.background', 'error', `${found_}；背景无法自动修正，请用证件照软件去除背景、另存为 PNG 后再导入`, found.name);
  }
  return issue('photo.background', 'error', `${found_}；背景颜色无法自动修正，请重新拍摄${BACKGROUND_LABEL[want]}背景的照片，或用证件照软件更换背景后再导入`, found.name);
}

/**
 * `known.pixels`: colour and background already estimated from exactly these pixels (fixPhoto passes
 * those of the pixels it has just encoded, sparing a second decode); everything else is read from
 * the bytes.
 */
export async function inspectPhoto(input: PhotoInput, spec: PhotoSpec, known: { pixels?: PixelFacts } = {}): Promise<PhotoInspection> {
  const { bytes, fileName } = input;
  const format = sniffPhotoFormat(bytes);
  const extension = extensionOf(fileName);
  const result: PhotoInspection = { fileName, format, extension, bytes: bytes.length, readable: false, issues: [] };
  const issues = result.issues;

  if (bytes.length === 0) {
    issues.push(issue('photo.format', 'error', `文件是空的（0 字节），不是照片，应为 ${wantedFormats(spec)} 格式的照片；请重新复制或导出这张照片`, '0'));
    return result;
  }
  if (!DECODABLE_FORMATS.has(format)) {
    issues.push(unreadableFormatIssue(format, spec));
    return result;
  }

  const header = await readHeader(bytes);
  if (!header.ok) {
    if (header.problem === 'tooManyPixels') {
      result.width = header.width;
      result.height = header.height;
      issues.push(tooManyPixelsIssue(header.width, header.height, spec));
    } else {
      issues.push(corruptIssue(format, spec));
    }
    return result;
  }
  const { meta, width, height } = header;
  Object.assign(result, {
    width,
    height,
    orientation: meta.orientation ?? 1,
    dpi: Math.round(meta.density ?? 72),
    channels: meta.channels,
    hasAlpha: meta.hasAlpha,
    bitDepth: bitDepthOf(meta),
    colorSpace: meta.space,
    hasExif: meta.exif !== undefined && meta.exif.length > 0,
    hasGps: exifHasGps(meta.exif),
  });

  let pixels: PixelFacts;
  try {
    pixels = known.pixels ?? (await analysePixels(bytes));
  } catch {
    issues.push(corruptIssue(format, spec));
    return result;
  }
  result.readable = true;
  result.color = pixels.color;
  result.background = pixels.background;

  // Format: the real one, whatever the name says.
  const label = FILE_FORMATS[format].label;
  if (!spec.formats.includes(format as PhotoSpecFormat)) {
    const renamed = extension && !extensionFitsType(format, extension) ? `（文件扩展名为 ${extension}，只是改了后缀名，实际仍是 ${label}）` : '';
    issues.push(issue('photo.format', 'error', `照片实际是 ${label} 格式${renamed}，应为 ${wantedFormats(spec)} 格式；可点击“一键修正”转换为 ${SPEC_FORMAT_LABEL[spec.formats[0]!]}`, format));
  } else if (!extensionFitsType(format, extension)) {
    const right = savedExtension(format);
    issues.push(
      issue(
        'photo.format',
        'warning',
        `文件扩展名为 ${extension || '（无）'}，但照片实际是 ${label} 格式，扩展名应为 ${right}；请把文件改名为以 ${right} 结尾，或点击“一键修正”按正确的扩展名保存`,
        extension,
      ),
    );
  }
  if (meta.space === 'cmyk') {
    issues.push(
      issue('photo.format', 'warning', `照片使用 CMYK 印刷色彩模式，网页和部分报名系统无法正常显示，应为 RGB 彩色；可点击“一键修正”转换为 RGB`, 'cmyk'),
    );
  }

  const dims = dimensionIssue(spec, width, height);
  if (dims) issues.push(dims);
  const size = fileSizeIssue(spec, bytes.length);
  if (size) issues.push(size);
  if (spec.minDpi !== undefined && result.dpi! < spec.minDpi) {
    issues.push(
      issue('photo.dpi', 'error', `照片分辨率为 ${result.dpi} DPI，应不低于 ${spec.minDpi} DPI；可点击“一键修正”设为 ${spec.dpi ?? spec.minDpi} DPI`, String(result.dpi)),
    );
  }
  if (spec.color && pixels.color === 'greyscale') {
    issues.push(issue('photo.color', 'error', '照片是黑白（灰度）照片，应为彩色照片；黑白照片无法自动修正，请提供彩色照片', 'greyscale'));
  }
  const bg = backgroundIssue(spec, pixels.background);
  if (bg) issues.push(bg);
  return result;
}
