import { describe, expect, it } from 'vitest';
import { aboutText } from '../../../src-main/electron/menu.js';

describe('帮助 → 关于 with the update check', () => {
  const info = { version: '0.1.0', electron: '45.4.1', chrome: '140', node: '22.20.0', dataDir: 'C:\\data', logDir: 'C:\\logs' };

  it('shows the version and the last check’s local time and result', () => {
    const at = new Date(2026, 11, 7, 14, 5, 30);
    const t = aboutText({ ...info, update: { lastCheckAt: at.toISOString(), lastResult: '已是最新版本（0.1.0）' } });
    expect(t.message).toBe('执法人员报名助手 0.1.0');
    expect(t.detail).toContain('上次检查更新：2026-12-07 14:05（已是最新版本（0.1.0））');
  });

  it('before any check says why; without an updater (development, browser) there is no such line', () => {
    expect(aboutText({ ...info, update: { lastCheckAt: '', lastResult: '尚未检查' } }).detail).toContain('上次检查更新：尚未检查');
    expect(aboutText(info).detail).not.toContain('检查更新');
  });
});
