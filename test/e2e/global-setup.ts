import { execFileSync } from 'node:child_process';

/** Builds the renderer once for the run: the bridge serves out/renderer as the window would load it. */
export default function globalSetup(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
