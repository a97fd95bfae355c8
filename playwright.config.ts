import { defineConfig } from '@playwright/test';

/**
 * The renderer in real Chromium (Debian's, never a downloaded one) against the web bridge and the
 * real main-process code. `npm run test:e2e`; screenshots land in test-results/screenshots.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    locale: 'zh-CN',
    actionTimeout: 15_000,
    viewport: { width: 1366, height: 768 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
