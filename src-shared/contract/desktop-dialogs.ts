import { z } from 'zod';
import { progressEntrySchema, type ProgressEntryView } from './desktop-api.js';
import { extensionsOf } from '../file-type.js';
import { TABLE_EXTENSIONS } from '../table-formats.js';

/**
 * What only the Electron window has besides the desktop-api (`window.zfbm`): the native open and save
 * dialogs (`window.zfbmDialogs`) and progress pushed by main as it happens (`window.zfbmEvents`).
 * Each dialog answers the path(s) the clerk chose, `null` (or `[]`) when the dialog was cancelled;
 * the screens then hand the path to a desktop-api method (import.file, template.write …). In a
 * browser (the web bridge) neither object exists: the screens show a path text box instead and poll
 * `progress.current`.
 *
 * Main parses every dialog request with these schemas, like the desktop-api's.
 */

/** One entry of a dialog's file type list: 采集表 → xlsx, csv. Extensions without the dot. */
export const fileFilterSchema = z.object({
  name: z.string().trim().min(1).max(60),
  extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/, '扩展名只能是字母和数字。')).min(1).max(20),
});
export type FileFilter = z.infer<typeof fileFilterSchema>;

const title = z.string().trim().max(60).optional();
const filters = z.array(fileFilterSchema).max(10).optional();

export const DESKTOP_DIALOGS = {
  /** One existing file. */
  openFile: { input: z.object({ title, filters }).strict(), output: z.string().nullable() },
  /** Several existing files (photos, evidence). */
  openFiles: { input: z.object({ title, filters }).strict(), output: z.array(z.string()) },
  /** One existing folder (a photo folder). */
  openFolder: { input: z.object({ title }).strict(), output: z.string().nullable() },
  /** Where to write a new file; `defaultPath` is a suggested name (or a full path). */
  saveFile: { input: z.object({ title, defaultPath: z.string().trim().max(260).optional(), filters }).strict(), output: z.string().nullable() },
} as const;

export type DesktopDialogMethod = keyof typeof DESKTOP_DIALOGS;
export type DesktopDialogInput<M extends DesktopDialogMethod> = z.input<(typeof DESKTOP_DIALOGS)[M]['input']>;
export type DesktopDialogOutput<M extends DesktopDialogMethod> = z.infer<(typeof DESKTOP_DIALOGS)[M]['output']>;

/** `window.zfbmDialogs` in the Electron window. */
export type DesktopDialogs = { [M in DesktopDialogMethod]: (input?: DesktopDialogInput<M>) => Promise<DesktopDialogOutput<M>> };

/** The filters the screens use. */
export const FILE_FILTERS = {
  workbook: [{ name: '采集表（Excel、WPS 或 CSV）', extensions: TABLE_EXTENSIONS }],
  xlsx: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
  photos: [{ name: '照片', extensions: extensionsOf(['jpeg', 'png', 'heic', 'webp', 'bmp', 'tiff']) }],
  evidence: [{ name: '佐证资料（PDF 或图片）', extensions: extensionsOf(['pdf', 'jpeg', 'png']) }],
  certificate: [{ name: 'CA 证书', extensions: ['pem', 'crt', 'cer'] }],
} as const satisfies Record<string, FileFilter[]>;

/** The progress pushed by main: the same entries `progress.current` answers. */
export const progressPushSchema = z.array(progressEntrySchema);

/** `window.zfbmEvents` in the Electron window. `onProgress` returns the function that unsubscribes. */
export interface DesktopEvents {
  onProgress(listener: (entries: ProgressEntryView[]) => void): () => void;
}
