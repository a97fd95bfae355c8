import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, MIN_SIZE, restoreBounds, saveWindowState, type Rect } from '../../../src-main/electron/window-state.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Where the window opens: last time's place when it can still be grabbed on some display, else centred. */
const root = tempDir('zfbm-window-');
const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const leftMonitor: Rect = { x: -2560, y: 0, width: 2560, height: 1400 };

describe('window state file', () => {
  it('round-trips bounds and maximized; a missing, broken or wrong file is a window never placed', () => {
    const file = path.join(root, 'sub', 'window-state.json');
    expect(loadWindowState(file)).toEqual({ maximized: false });
    saveWindowState(file, { bounds: { x: 10, y: 20, width: 1300, height: 900 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 1300, height: 900 }, maximized: true });
    fs.writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file)).toEqual({ maximized: false });
    fs.writeFileSync(file, JSON.stringify({ bounds: { x: 'a', y: 0, width: -5, height: 10 } }));
    expect(loadWindowState(file)).toEqual({ maximized: false });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });
});

describe('restoreBounds', () => {
  it('keeps bounds that are on a display, including a monitor left of the main one', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1280, height: 800 }, [laptop])).toEqual({ x: 100, y: 80, width: 1280, height: 800 });
    expect(restoreBounds({ x: -2000, y: 100, width: 1400, height: 900 }, [laptop, leftMonitor])).toEqual({ x: -2000, y: 100, width: 1400, height: 900 });
  });

  it('ignores bounds that are off every display: a monitor since unplugged, far off coordinates', () => {
    const centred = { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
    expect(restoreBounds({ x: -2000, y: 100, width: 1400, height: 900 }, [laptop])).toEqual(centred);
    expect(restoreBounds({ x: 5000, y: 5000, width: 1280, height: 800 }, [laptop])).toEqual(centred);
    // Only the bottom of the window would show: the title bar is above the screen.
    expect(restoreBounds({ x: 100, y: -700, width: 1280, height: 800 }, [laptop])).toEqual(centred);
    // A sliver of 50 px at the right edge is not enough to grab.
    expect(restoreBounds({ x: 1870, y: 100, width: 1280, height: 800 }, [laptop])).toEqual(centred);
  });

  it('a window partly off its display, but grabbable, is kept and pulled so its title bar stays reachable', () => {
    const b = restoreBounds({ x: 1500, y: 100, width: 1280, height: 800 }, [laptop]) as Rect;
    expect(b).toEqual({ x: 1500, y: 100, width: 1280, height: 800 });
  });

  it('shrinks a window larger than its display (a big monitor before, a small one now), never below the minimum', () => {
    const small: Rect = { x: 0, y: 0, width: 1366, height: 728 };
    expect(restoreBounds({ x: 0, y: 0, width: 2400, height: 1300 }, [small])).toEqual({ x: 0, y: 0, width: 1366, height: 728 });
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 600 };
    expect(restoreBounds(undefined, [tiny])).toEqual({ width: MIN_SIZE.width, height: MIN_SIZE.height });
  });

  it('without saved bounds: the default size, fitted to the first display', () => {
    expect(restoreBounds(undefined, [laptop])).toEqual(DEFAULT_SIZE);
    expect(restoreBounds(undefined, [{ x: 0, y: 0, width: 1280, height: 680 }])).toEqual({ width: 1280, height: 680 });
    expect(restoreBounds(undefined, [])).toEqual(DEFAULT_SIZE);
  });
});
