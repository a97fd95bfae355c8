import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DESKTOP_API } from '../../../src-shared/contract/desktop-api.js';
import { DESKTOP_DIALOGS } from '../../../src-shared/contract/desktop-dialogs.js';
import { apiChannel, dialogChannel, PROGRESS_CHANNEL } from '../../../src-main/electron/ipc-channels.js';

/**
 * The preload with a stand-in for Electron's contextBridge and ipcRenderer: it exposes exactly
 * window.zfbm (one function per contract method, each on its own channel, never throwing),
 * window.zfbmDialogs and window.zfbmEvents — and nothing of Electron itself.
 */
const electron = vi.hoisted(() => {
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  let fail = false;
  return {
    exposed,
    invoked,
    listeners,
    setFail: (f: boolean) => (fail = f),
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.set(key, api) },
      ipcRenderer: {
        invoke: (channel: string, input: unknown) => (invoked.push([channel, input]), fail ? Promise.reject(new Error('no handler')) : Promise.resolve({ ok: true, value: channel })),
        on: (channel: string, l: (...a: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l),
        removeListener: (channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l),
      },
    },
  };
});
vi.mock('electron', () => electron.module);

beforeAll(async () => {
  await import('../../../src-main/electron/preload.js');
});

describe('preload', () => {
  it('exposes window.zfbm, window.zfbmDialogs and window.zfbmEvents, nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['zfbm', 'zfbmDialogs', 'zfbmEvents']);
    const all = [...electron.exposed.values()].flatMap((o) => Object.values(o));
    expect(all.every((v) => typeof v === 'function')).toBe(true);
    expect(all).not.toContain(electron.module.ipcRenderer.invoke);
  });

  it('window.zfbm has one function per contract method, each sending its input on that method’s channel', async () => {
    const zfbm = electron.exposed.get('zfbm')!;
    expect(Object.keys(zfbm).sort()).toEqual(Object.keys(DESKTOP_API).sort());
    for (const method of Object.keys(DESKTOP_API)) {
      expect(await (zfbm[method] as (i: unknown) => Promise<unknown>)({ probe: method })).toEqual({ ok: true, value: apiChannel(method) });
    }
    expect(electron.invoked.slice(-1)).toEqual([[apiChannel(Object.keys(DESKTOP_API).at(-1)!), { probe: Object.keys(DESKTOP_API).at(-1) }]]);
  });

  it('a call main cannot answer is a Result with a Chinese message, never a rejection', async () => {
    electron.setFail(true);
    try {
      const r = await (electron.exposed.get('zfbm')!['batches.list'] as (i: unknown) => Promise<unknown>)({});
      expect(r).toEqual({ ok: false, error: { code: 'ipc', message: expect.stringMatching(/连接不到报名助手的后台/) } });
    } finally {
      electron.setFail(false);
    }
  });

  it('window.zfbmDialogs has one function per dialog; no input is sent as {}', async () => {
    const dialogs = electron.exposed.get('zfbmDialogs')!;
    expect(Object.keys(dialogs).sort()).toEqual(Object.keys(DESKTOP_DIALOGS).sort());
    electron.invoked.length = 0;
    await (dialogs.openFolder as () => Promise<unknown>)();
    await (dialogs.saveFile as (i: unknown) => Promise<unknown>)({ defaultPath: 'a.xlsx' });
    expect(electron.invoked).toEqual([
      [dialogChannel('openFolder'), {}],
      [dialogChannel('saveFile'), { defaultPath: 'a.xlsx' }],
    ]);
  });

  it('window.zfbmEvents.onProgress delivers pushed progress until unsubscribed', () => {
    const events = electron.exposed.get('zfbmEvents')! as { onProgress: (l: (e: unknown) => void) => () => void };
    const got: unknown[] = [];
    const off = events.onProgress((e) => got.push(e));
    const push = (payload: unknown) => electron.listeners.get(PROGRESS_CHANNEL)?.forEach((l) => l({ sender: 'main' }, payload));
    push([{ task: 'push', done: 1, total: 3, text: '正在上传', updatedAt: 1 }]);
    push('not a list');
    off();
    push([]);
    expect(got).toEqual([[{ task: 'push', done: 1, total: 3, text: '正在上传', updatedAt: 1 }]]);
  });
});
