import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The reviewer's console (issue 8): built into out/console and served by the sync server at
 * /console/. `npm run dev:console` serves it with hot reload and passes /api to a running server.
 */
export default defineConfig({
  root: 'src-console',
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../out/console', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5174, proxy: { '/api': process.env.ZFBM_SERVER ?? 'http://127.0.0.1:8720' } },
});
