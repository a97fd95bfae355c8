import type { MenuItemConstructorOptions } from 'electron';
import { localClock, localDate } from '../../src-shared/local-time.js';
import { APP_TITLE } from './app-info.js';

/**
 * The application menu in Chinese: 文件 / 编辑 / 视图 / 帮助. 帮助 opens the 使用说明 (F1), the log folder
 * (what support asks for) and shows 关于 (version, the last update check, Electron, where the data is). Developer tools only in a build
 * that is not packaged. Only types come from Electron: main.ts builds the menu from this template and
 * passes the actions.
 */
export interface MenuActions {
  /** 帮助 → 使用说明: the page opens its manual on F1 (src-renderer/help/HelpMenu.tsx). */
  openManual(): void;
  openDataFolder(): void;
  openLogFolder(): void;
  showAbout(): void;
}

export function menuTemplate(actions: MenuActions, opts: { devTools: boolean }): MenuItemConstructorOptions[] {
  return [
    {
      label: '文件',
      submenu: [{ label: '打开数据文件夹', click: () => actions.openDataFolder() }, { type: 'separator' }, { label: '退出', role: 'quit' }],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新载入', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        ...(opts.devTools ? [{ type: 'separator' as const }, { label: '开发者工具', role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: '帮助',
      submenu: [
        // F1 is shown but left to the page: its own F1 handler knows which screen is open and opens the
        // manual there; a registered accelerator would take the key away from it. A click presses F1.
        { label: '使用说明', accelerator: 'F1', registerAccelerator: false, click: () => actions.openManual() },
        { type: 'separator' },
        { label: '打开日志文件夹', click: () => actions.openLogFolder() },
        { type: 'separator' },
        { label: `关于${APP_TITLE}`, click: () => actions.showAbout() },
      ],
    },
  ];
}

/** The 关于 dialog's text. */
export function aboutText(info: {
  version: string;
  electron?: string;
  chrome?: string;
  node: string;
  dataDir: string;
  logDir: string;
  /** 自动更新 (issue 21): the last check (ISO, '' before any) and what it found; absent where the app does not update itself. */
  update?: { lastCheckAt: string; lastResult: string };
}): { message: string; detail: string } {
  return {
    message: `${APP_TITLE} ${info.version}`,
    detail: [
      '行政执法人员资格考试报名助手：离线填报、校验、照片与佐证资料整理、批次同步。',
      '',
      `数据文件夹：${info.dataDir}`,
      `日志文件夹：${info.logDir}`,
      '',
      ...(info.update ? [`上次检查更新：${lastCheckWords(info.update)}`, ''] : []),
      `Electron ${info.electron ?? '-'} · Chromium ${info.chrome ?? '-'} · Node.js ${info.node}`,
    ].join('\n'),
  };
}

/** 2026-12-07 14:05（已是最新版本（0.1.0）） on this PC's clock, or only the result before any check. */
function lastCheckWords(u: { lastCheckAt: string; lastResult: string }): string {
  if (!u.lastCheckAt) return u.lastResult;
  const at = new Date(u.lastCheckAt);
  return `${localDate(at)} ${localClock(at).slice(0, 5)}（${u.lastResult}）`;
}
