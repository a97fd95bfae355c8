import { execFileSync } from 'node:child_process';

/**
 * Builds the pages once for the run: the renderer (the bridge serves out/renderer as the window would
 * load it) and the reviewer's console (the sync server serves out/console).
 */
export default function globalSetup(): void {
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'];
  execFileSync(process.execPath, vite, { stdio: 'inherit' });
  execFileSync(process.execPath, [...vite, '--config', 'vite.console.config.ts'], { stdio: 'inherit' });
}
