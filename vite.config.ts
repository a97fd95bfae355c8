import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer: built into out/renderer (loaded by the Electron window from disk, or served by the
 * web bridge). `npm run dev:renderer` serves it with hot reload and passes /api to a running bridge.
 */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/renderer', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': process.env.ZFBM_BRIDGE ?? 'http://127.0.0.1:8721' } },
});
