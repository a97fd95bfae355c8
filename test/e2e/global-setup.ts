import { execFileSync } from 'node:child_process';
import { CONSOLE_DIR, RENDERER_DIR } from './built-pages.js';

/**
 * Builds the pages once for the run: the renderer (the bridge serves out/renderer as the window would
 * load it) and the reviewer's console (the sync server serves out/console); see built-pages.ts.
 */
export default function globalSetup(): void {
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'];
  execFileSync(process.execPath, [...vite, '--outDir', RENDERER_DIR, '--emptyOutDir'], { stdio: 'inherit' });
  execFileSync(process.execPath, [...vite, '--config', 'vite.console.config.ts', '--outDir', CONSOLE_DIR, '--emptyOutDir'], { stdio: 'inherit' });
}
