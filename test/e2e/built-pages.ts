import path from 'node:path';

/**
 * Where the e2e run builds the pages and the start-*.ts scripts serve them from: out/renderer and
 * out/console, or under E2E_PAGES_DIR when set, so that two runs in one checkout (a developer and a
 * helper, say) never serve each other's half-built pages.
 */
const root = path.resolve(process.env.E2E_PAGES_DIR ?? 'out');
export const RENDERER_DIR = path.join(root, 'renderer');
export const CONSOLE_DIR = path.join(root, 'console');
