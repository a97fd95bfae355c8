import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../src-node/durable-write.js';

/**
 * Where the window was: its normal (not maximized) bounds and whether it was maximized, kept in a
 * small JSON file in userData. Bounds that would put the window off every display (a second monitor
 * since unplugged, a laptop now without its dock) are not used: the window opens centred instead.
 * Plain Node; main.ts gives it Electron's displays.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds?: Rect;
  maximized: boolean;
}

const rectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const stateSchema = z.object({ bounds: rectSchema.optional(), maximized: z.boolean().default(false) });

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 1024, height: 640 };

/** How much of the window's top strip (the title bar, to drag it with) must lie on one display. */
const MIN_VISIBLE_WIDTH = 120;
const TITLE_BAR = 32;

/** A missing or damaged file is a window that was never placed. */
export function loadWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { maximized: false };
  } catch {
    return { maximized: false };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileDurablySync(file, JSON.stringify(stateSchema.parse(state)));
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * The bounds to open the window with, given the displays' work areas: the saved ones when their title
 * bar can be grabbed on some display (shrunk to fit that display), otherwise the default size with no
 * position (Electron centres it).
 */
export function restoreBounds(saved: Rect | undefined, workAreas: readonly Rect[], defaults = DEFAULT_SIZE): Rect | { width: number; height: number } {
  const fallback = (area?: Rect) => ({
    width: Math.max(MIN_SIZE.width, Math.min(defaults.width, area?.width ?? defaults.width)),
    height: Math.max(MIN_SIZE.height, Math.min(defaults.height, area?.height ?? defaults.height)),
  });
  if (!saved) return fallback(workAreas[0]);
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: TITLE_BAR };
  const home = workAreas.find(
    (a) =>
      overlap(titleBar.x, titleBar.x + titleBar.width, a.x, a.x + a.width) >= MIN_VISIBLE_WIDTH &&
      overlap(titleBar.y, titleBar.y + titleBar.height, a.y, a.y + a.height) >= TITLE_BAR / 2,
  );
  if (!home) return fallback(workAreas[0]);
  const width = Math.max(MIN_SIZE.width, Math.min(saved.width, home.width));
  const height = Math.max(MIN_SIZE.height, Math.min(saved.height, home.height));
  // Shrunk to the display, kept on it.
  const x = Math.min(Math.max(saved.x, home.x - width + MIN_VISIBLE_WIDTH), home.x + home.width - MIN_VISIBLE_WIDTH);
  const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - TITLE_BAR);
  return { x, y, width, height };
}
