import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents, secureWebPreferences } from '../../../src-main/electron/security.js';

/**
 * The window's security settings against stand-ins for Electron's web contents and session (only
 * types come from Electron): every navigation, redirect, new window, <webview>, permission and
 * download is refused and logged.
 */
type Listener = (...args: unknown[]) => unknown;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

class FakeContents extends FakeEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
}

class FakeSession extends FakeEmitter {
  request: Listener | undefined;
  check: Listener | undefined;
  device: Listener | undefined;
  setPermissionRequestHandler(h: Listener) {
    this.request = h;
  }
  setPermissionCheckHandler(h: Listener) {
    this.check = h;
  }
  setDevicePermissionHandler(h: Listener) {
    this.device = h;
  }
}

function event(url?: string) {
  const e = { prevented: false, url, preventDefault: () => (e.prevented = true) };
  return e;
}

function logSpy() {
  const lines: string[] = [];
  return { lines, log: { warn: (m: string) => void lines.push(m) } };
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, no Node, web security on, no webview, the given preload', () => {
    expect(secureWebPreferences('/app/out/main/preload.js')).toMatchObject({
      preload: '/app/out/main/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('hardenWebContents', () => {
  it('stops every navigation, frame navigation and redirect, and says so in the log', () => {
    const contents = new FakeContents();
    const { lines, log } = logSpy();
    hardenWebContents(contents as unknown as WebContents, log);
    for (const [name, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-frame-navigate', 'https://evil.example/frame'],
      ['will-redirect', 'https://evil.example/r'],
      // Even our own address: the app never navigates, it routes inside the page.
      ['will-navigate', 'app://zfbm/index.html'],
    ] as const) {
      const e = event(url);
      contents.emit(name, e, url);
      expect(e.prevented, name).toBe(true);
    }
    expect(lines).toEqual([
      'blocked navigation to https://evil.example/',
      'blocked frame navigation to https://evil.example/frame',
      'blocked redirect to https://evil.example/r',
      'blocked navigation to app://zfbm/index.html',
    ]);
  });

  it('denies window.open and never attaches a <webview>', () => {
    const contents = new FakeContents();
    const { lines, log } = logSpy();
    hardenWebContents(contents as unknown as WebContents, log);
    expect(contents.openHandler?.({ url: 'https://evil.example/popup' })).toEqual({ action: 'deny' });
    const e = event();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.prevented).toBe(true);
    expect(lines).toEqual(['blocked window.open of https://evil.example/popup', 'blocked a <webview>']);
  });
});

describe('hardenSession', () => {
  it('answers every permission request and check with no, and refuses downloads', () => {
    const s = new FakeSession();
    const { lines, log } = logSpy();
    hardenSession(s as unknown as Session, log);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      s.request?.({}, permission, (g: boolean) => (granted = g), {});
      expect(granted, permission).toBe(false);
      expect(s.check?.({}, permission, 'app://zfbm', {})).toBe(false);
    }
    expect(s.device?.({ deviceType: 'usb' })).toBe(false);
    const e = event();
    s.emit('will-download', e, { getURL: () => 'blob:app://zfbm/123' });
    expect(e.prevented).toBe(true);
    expect(lines).toContain('denied permission request: media');
    expect(lines).toContain('blocked a download of blob:app://zfbm/123');
  });
});
