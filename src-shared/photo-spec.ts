import { z } from 'zod';
import { FILE_FORMATS } from './file-type.js';

/**
 * Photo spec profiles (DOMAIN.md, "Photo specs"): what a province's registration system accepts as a
 * head photo. They are data (resources/photo-specs.json; the sync server sends down the one in force),
 * one active per installation; the checks in src-main/photos read them and nothing else.
 */

/** Formats a spec may ask for: what a fixed photo is written as. */
export const PHOTO_SPEC_FORMATS = ['jpeg', 'png'] as const;
export const photoSpecFormatSchema = z.enum(PHOTO_SPEC_FORMATS);
export type PhotoSpecFormat = z.infer<typeof photoSpecFormatSchema>;

/** The background a spec requires; 'any' checks nothing. */
export const PHOTO_BACKGROUNDS = ['red', 'white', 'blue', 'transparent', 'any'] as const;
export const photoBackgroundSchema = z.enum(PHOTO_BACKGROUNDS);
export type PhotoBackground = z.infer<typeof photoBackgroundSchema>;

const px = z.number().int().positive().max(20_000);

/** Exactly this many pixels (Guangxi: 90 x 120). */
const exactPixelsSchema = z.object({
  kind: z.literal('exact'),
  width: px,
  height: px,
});

/**
 * At least (and optionally at most) this many pixels, with a width:height ratio (Fujian: 34 x 39 mm at
 * 300 DPI or more). `tolerance` is relative: 0.02 accepts a ratio within 2 % of width / height.
 */
const rangePixelsSchema = z.object({
  kind: z.literal('range'),
  minWidth: px,
  minHeight: px,
  maxWidth: px.optional(),
  maxHeight: px.optional(),
  ratio: z.object({
    width: z.number().positive(),
    height: z.number().positive(),
    tolerance: z.number().min(0).max(0.5),
  }),
});

export const photoPixelsSchema = z.discriminatedUnion('kind', [exactPixelsSchema, rangePixelsSchema]);
export type PhotoPixels = z.infer<typeof photoPixelsSchema>;

export const photoSpecSchema = z
  .object({
    /** Stable identifier, used on the command line (--photo-spec) and by the server. */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** Chinese, shown to the clerk: 福建省（…）. */
    title: z.string().min(1),
    /** Where the rule comes from and the decisions taken where the source is silent. */
    source: z.string().optional(),
    /** Accepted real formats (by magic bytes, never by extension). A fixed photo is written as the first. */
    formats: z.array(photoSpecFormatSchema).min(1),
    pixels: photoPixelsSchema,
    /** Largest accepted file, in bytes (inclusive). */
    maxBytes: z.number().int().positive(),
    /** Smallest accepted file, in bytes (inclusive). */
    minBytes: z.number().int().positive().optional(),
    /** The DPI recorded in the file must be at least this. */
    minDpi: z.number().int().positive().optional(),
    /** The DPI a fixed photo records; default `minDpi`, else 300. */
    dpi: z.number().int().positive().max(2400).optional(),
    background: photoBackgroundSchema,
    /** A colour photo is required (a greyscale one is photo.color). */
    color: z.boolean(),
    /** How files are named: by the person's ID number (matching uses it; inspection does not). */
    fileName: z.enum(['idNumber']),
  })
  .superRefine((spec, ctx) => {
    if (spec.minBytes !== undefined && spec.minBytes >= spec.maxBytes) {
      ctx.addIssue({ code: 'custom', path: ['minBytes'], message: 'minBytes must be below maxBytes' });
    }
    if (new Set(spec.formats).size !== spec.formats.length) {
      ctx.addIssue({ code: 'custom', path: ['formats'], message: 'a format is listed twice' });
    }
    if (spec.background === 'transparent' && !spec.formats.includes('png')) {
      ctx.addIssue({ code: 'custom', path: ['background'], message: 'a transparent background needs PNG among the formats' });
    }
    const p = spec.pixels;
    if (p.kind === 'range') {
      if (p.maxWidth !== undefined && p.maxWidth < p.minWidth) ctx.addIssue({ code: 'custom', path: ['pixels', 'maxWidth'], message: 'maxWidth below minWidth' });
      if (p.maxHeight !== undefined && p.maxHeight < p.minHeight) ctx.addIssue({ code: 'custom', path: ['pixels', 'maxHeight'], message: 'maxHeight below minHeight' });
      if (!ratioAccepted(p, p.minWidth, p.minHeight)) {
        ctx.addIssue({ code: 'custom', path: ['pixels', 'ratio'], message: 'minWidth x minHeight is outside the ratio and its tolerance' });
      }
    }
  });
export type PhotoSpec = z.infer<typeof photoSpecSchema>;

export const photoSpecFileSchema = z
  .object({
    /** The profile in force when nothing else is said (later set by the server). */
    active: z.string(),
    specs: z.array(photoSpecSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const names = file.specs.map((s) => s.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['specs'], message: 'two profiles share a name' });
    if (!names.includes(file.active)) ctx.addIssue({ code: 'custom', path: ['active'], message: `active profile "${file.active}" is not among the specs` });
  });
export type PhotoSpecFile = z.infer<typeof photoSpecFileSchema>;

/** Whether width:height is within the range spec's ratio tolerance. */
export function ratioAccepted(p: Extract<PhotoPixels, { kind: 'range' }>, width: number, height: number): boolean {
  const wanted = p.ratio.width / p.ratio.height;
  return Math.abs(width / height - wanted) <= wanted * p.ratio.tolerance + 1e-9;
}

/** The pixel size a fixed photo gets: the exact size, or the range's minimum. */
export function photoSpecTarget(spec: PhotoSpec): { width: number; height: number } {
  const p = spec.pixels;
  return p.kind === 'exact' ? { width: p.width, height: p.height } : { width: p.minWidth, height: p.minHeight };
}

/** The DPI a fixed photo records. */
export function photoSpecDpi(spec: PhotoSpec): number {
  return spec.dpi ?? spec.minDpi ?? 300;
}

/** Whether a width x height photo has the pixels the spec asks for. */
export function pixelsAccepted(spec: PhotoSpec, width: number, height: number): boolean {
  const p = spec.pixels;
  if (p.kind === 'exact') return width === p.width && height === p.height;
  if (width < p.minWidth || height < p.minHeight) return false;
  if (p.maxWidth !== undefined && width > p.maxWidth) return false;
  if (p.maxHeight !== undefined && height > p.maxHeight) return false;
  return ratioAccepted(p, width, height);
}

export const BACKGROUND_LABEL: Record<PhotoBackground, string> = {
  red: '红色',
  white: '白色',
  blue: '蓝色',
  transparent: '透明',
  any: '不限',
};

export const SPEC_FORMAT_LABEL: Record<PhotoSpecFormat, string> = { jpeg: FILE_FORMATS.jpeg.label, png: FILE_FORMATS.png.label };

/** One line of Chinese describing what the spec asks for, for lists and help texts. */
export function describePhotoSpec(spec: PhotoSpec): string {
  const p = spec.pixels;
  const size =
    p.kind === 'exact'
      ? `${p.width}×${p.height} 像素`
      : `至少 ${p.minWidth}×${p.minHeight} 像素${p.maxWidth && p.maxHeight ? `、至多 ${p.maxWidth}×${p.maxHeight} 像素` : ''}，宽高比 ${p.ratio.width}:${p.ratio.height}`;
  const parts = [
    spec.formats.map((f) => SPEC_FORMAT_LABEL[f]).join(' 或 ') + ' 格式',
    size,
    `不超过 ${spec.maxBytes.toLocaleString('en-US')} 字节`,
  ];
  if (spec.minDpi) parts.push(`不低于 ${spec.minDpi} DPI`);
  if (spec.background !== 'any') parts.push(`${BACKGROUND_LABEL[spec.background]}背景`);
  if (spec.color) parts.push('彩色');
  return `${spec.title}：${parts.join('，')}`;
}
