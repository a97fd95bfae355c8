import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { DESKTOP_DIALOGS, type DesktopDialogMethod, type DesktopDialogOutput } from '../../src-shared/contract/desktop-dialogs.js';

/**
 * The renderer's dialog requests (window.zfbmDialogs) as Electron dialog options, and Electron's
 * answers as what the renderer gets: a path, several, or null when cancelled. The request is parsed
 * with the contract's schema first; a request that does not parse opens no dialog. Only types come
 * from Electron, so tests run it as it is.
 */
const TITLES: Record<DesktopDialogMethod, string> = { openFile: '选择文件', openFiles: '选择文件（可多选）', openFolder: '选择文件夹', saveFile: '保存为' };

export type DialogRequest = { kind: 'open'; options: OpenDialogOptions } | { kind: 'save'; options: SaveDialogOptions };

export function isDialogMethod(name: string): name is DesktopDialogMethod {
  return Object.hasOwn(DESKTOP_DIALOGS, name);
}

/** Undefined when the input does not match the contract. */
export function dialogRequest(method: DesktopDialogMethod, rawInput: unknown): DialogRequest | undefined {
  const parsed = DESKTOP_DIALOGS[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) return undefined;
  const input = parsed.data as { title?: string; filters?: Array<{ name: string; extensions: string[] }>; defaultPath?: string };
  const title = input.title || TITLES[method];
  const filters = input.filters?.map((f) => ({ name: f.name, extensions: [...f.extensions] }));
  switch (method) {
    case 'openFile':
      return { kind: 'open', options: { title, properties: ['openFile', 'dontAddToRecent'], ...(filters ? { filters } : {}) } };
    case 'openFiles':
      return { kind: 'open', options: { title, properties: ['openFile', 'multiSelections', 'dontAddToRecent'], ...(filters ? { filters } : {}) } };
    case 'openFolder':
      return { kind: 'open', options: { title, properties: ['openDirectory', 'dontAddToRecent'] } };
    case 'saveFile':
      return {
        kind: 'save',
        options: { title, properties: ['showOverwriteConfirmation', 'dontAddToRecent'], ...(input.defaultPath ? { defaultPath: input.defaultPath } : {}), ...(filters ? { filters } : {}) },
      };
  }
}

export function dialogAnswer<M extends DesktopDialogMethod>(method: M, result: OpenDialogReturnValue | SaveDialogReturnValue): DesktopDialogOutput<M> {
  const paths = 'filePaths' in result ? result.filePaths : result.filePath ? [result.filePath] : [];
  const chosen = result.canceled ? [] : paths.filter((p) => p !== '');
  const answer = method === 'openFiles' ? chosen : (chosen[0] ?? null);
  return answer as DesktopDialogOutput<M>;
}
