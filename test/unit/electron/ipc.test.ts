import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { DESKTOP_API } from '../../../src-shared/contract/desktop-api.js';
import { DESKTOP_DIALOGS, FILE_FILTERS } from '../../../src-shared/contract/desktop-dialogs.js';
import { isAppUrl } from '../../../src-main/electron/app-info.js';
import { registerDesktopApi, registerDialogs } from '../../../src-main/electron/ipc.js';
import { apiChannel, dialogChannel, isTrustedSender } from '../../../src-main/electron/ipc-channels.js';
import { dialogAnswer, dialogRequest, type DialogRequest } from '../../../src-main/electron/dialog-options.js';

/**
 * Main's IPC handlers with a stand-in ipcMain: one channel per desktop-api method and per dialog,
 * only our own page's top frame may call, the input reaches the backend as sent (it parses it), the
 * dialogs' input is parsed here and a request outside the contract opens no dialog.
 */
type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return { handlers, ipc: { handle: (channel: string, h: Handler) => void handlers.set(channel, h) } as unknown as Pick<IpcMain, 'handle'> };
}

const ours = { senderFrame: { url: 'app://zfbm/index.html#/batches', parent: null } } as unknown as IpcMainInvokeEvent;
const strangers = [
  { senderFrame: { url: 'https://evil.example/', parent: null } },
  { senderFrame: { url: 'app://zfbm/index.html', parent: {} } },
  { senderFrame: { url: 'file:///C:/Users/x/index.html', parent: null } },
  { senderFrame: null },
] as unknown as IpcMainInvokeEvent[];

function logSpy() {
  const lines: string[] = [];
  return { lines, log: { warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(`ERROR ${m}`) } };
}

describe('app addresses and senders', () => {
  it('only app://zfbm/… is ours', () => {
    expect(isAppUrl('app://zfbm/index.html')).toBe(true);
    expect(isAppUrl('app://zfbm/assets/x.js?v=1#h')).toBe(true);
    for (const u of ['app://zfbm.evil.com/', 'app://evil/', 'https://zfbm/', 'file:///index.html', 'app://user@zfbm/', 'app://zfbm:81/', 'not a url', '', undefined, null]) {
      expect(isAppUrl(u), String(u)).toBe(false);
    }
  });

  it('a sender is trusted only as our page’s top frame', () => {
    expect(isTrustedSender(ours.senderFrame)).toBe(true);
    for (const e of strangers) expect(isTrustedSender(e.senderFrame)).toBe(false);
  });
});

describe('registerDesktopApi', () => {
  it('registers one channel per contract method and forwards the input untouched', async () => {
    const { handlers, ipc } = fakeIpc();
    const calls: Array<[string, unknown]> = [];
    registerDesktopApi(ipc, async (m, i) => (calls.push([m, i]), { ok: true, value: m }), logSpy().log);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(DESKTOP_API).map(apiChannel).sort());
    const input = { batchId: 'b-1', extra: ['kept as sent; the backend parses it'] };
    expect(await handlers.get(apiChannel('batches.get'))!(ours, input)).toEqual({ ok: true, value: 'batches.get' });
    expect(calls).toEqual([['batches.get', input]]);
  });

  it('refuses a caller that is not our top frame, before the backend sees anything', async () => {
    const { handlers, ipc } = fakeIpc();
    const { lines, log } = logSpy();
    let called = 0;
    registerDesktopApi(ipc, async () => (called++, { ok: true, value: null }), log);
    for (const e of strangers) {
      expect(await handlers.get(apiChannel('batches.list'))!(e, {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/拒绝/) } });
    }
    expect(called).toBe(0);
    expect(lines[0]).toBe('refused zfbm:api:batches.list from https://evil.example/');
  });

  it('a forwarding fault is a Chinese internal error, never a rejection', async () => {
    const { handlers, ipc } = fakeIpc();
    const { lines, log } = logSpy();
    registerDesktopApi(ipc, () => Promise.reject(new Error('worker gone')), log);
    expect(await handlers.get(apiChannel('sync.status'))!(ours, undefined)).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/程序内部出错/) } });
    expect(lines).toEqual(['ERROR desktop-api sync.status: forwarding failed']);
  });
});

describe('dialogs', () => {
  it('maps each request to Electron options with a Chinese title and the filters asked for', () => {
    expect(dialogRequest('openFile', { filters: FILE_FILTERS.workbook })).toEqual({
      kind: 'open',
      options: { title: '选择文件', properties: ['openFile', 'dontAddToRecent'], filters: [{ name: '采集表（Excel、WPS 或 CSV）', extensions: ['xlsx', 'xls', 'et', 'ods', 'csv'] }] },
    });
    expect(dialogRequest('openFiles', undefined)).toMatchObject({ kind: 'open', options: { properties: ['openFile', 'multiSelections', 'dontAddToRecent'] } });
    expect(dialogRequest('openFolder', { title: '选择照片文件夹' })).toEqual({ kind: 'open', options: { title: '选择照片文件夹', properties: ['openDirectory', 'dontAddToRecent'] } });
    expect(dialogRequest('saveFile', { defaultPath: '问题清单.xlsx', filters: FILE_FILTERS.xlsx })).toMatchObject({
      kind: 'save',
      options: { title: '保存为', defaultPath: '问题清单.xlsx', properties: ['showOverwriteConfirmation', 'dontAddToRecent'] },
    });
  });

  it('a request outside the contract opens nothing', () => {
    expect(dialogRequest('openFile', { filters: [{ name: 'x', extensions: ['../../etc'] }] })).toBeUndefined();
    expect(dialogRequest('openFile', { properties: ['openDirectory'] })).toBeUndefined();
    expect(dialogRequest('saveFile', { defaultPath: 'x'.repeat(300) })).toBeUndefined();
    expect(dialogRequest('openFolder', 'C:\\')).toBeUndefined();
  });

  it('answers the chosen path(s), or null / [] when cancelled', () => {
    expect(dialogAnswer('openFile', { canceled: false, filePaths: ['C:\\a.xlsx'] })).toBe('C:\\a.xlsx');
    expect(dialogAnswer('openFile', { canceled: true, filePaths: [] })).toBeNull();
    expect(dialogAnswer('openFiles', { canceled: false, filePaths: ['a.jpg', 'b.jpg'] })).toEqual(['a.jpg', 'b.jpg']);
    expect(dialogAnswer('openFiles', { canceled: true, filePaths: ['a.jpg'] })).toEqual([]);
    expect(dialogAnswer('saveFile', { canceled: false, filePath: 'D:\\问题清单.xlsx' })).toBe('D:\\问题清单.xlsx');
    expect(dialogAnswer('saveFile', { canceled: true, filePath: '' })).toBeNull();
  });

  it('registers one channel per dialog; only our page may open one; bad input opens none', async () => {
    const { handlers, ipc } = fakeIpc();
    const { lines, log } = logSpy();
    const shown: DialogRequest[] = [];
    registerDialogs(ipc, async (r) => (shown.push(r), r.kind === 'save' ? { canceled: false, filePath: '/tmp/out.xlsx' } : { canceled: false, filePaths: ['/tmp/a.jpg', '/tmp/b.jpg'] }), log);
    expect([...handlers.keys()].sort()).toEqual(Object.keys(DESKTOP_DIALOGS).map(dialogChannel).sort());
    expect(await handlers.get(dialogChannel('openFiles'))!(ours, { filters: FILE_FILTERS.photos })).toEqual(['/tmp/a.jpg', '/tmp/b.jpg']);
    expect(await handlers.get(dialogChannel('openFile'))!(ours)).toBe('/tmp/a.jpg');
    expect(await handlers.get(dialogChannel('saveFile'))!(ours, { defaultPath: 'a.xlsx' })).toBe('/tmp/out.xlsx');
    expect(shown).toHaveLength(3);
    expect(await handlers.get(dialogChannel('openFiles'))!(strangers[0]!, {})).toEqual([]);
    expect(await handlers.get(dialogChannel('openFile'))!(ours, { filters: 'all' })).toBeNull();
    expect(shown).toHaveLength(3);
    expect(lines).toEqual(['refused zfbm:dialog:openFiles from https://evil.example/', 'refused zfbm:dialog:openFile: the request does not match the contract']);
  });
});
