import { defineConfig } from '@playwright/test';

/**
 * The 使用说明's screenshots (`npm run manual:shots`): the real screens in Debian's Chromium at 1366×768,
 * driven by test/manual-shots/*.shots.ts on the e2e seeds, each picture written straight into
 * docs/manual/images/ under a stable name. The pages are built into a folder of this run's own, so
 * taking pictures never serves, or breaks, the build an e2e run in the same checkout is using.
 */
process.env.E2E_PAGES_DIR ??= 'out/manual-pages';

export default defineConfig({
  testDir: 'test/manual-shots',
  testMatch: '*.shots.ts',
  outputDir: 'test-results/manual-shots',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 300_000,
  workers: 1,
  reporter: [['list']],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 15_000,
    viewport: { width: 1366, height: 768 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
