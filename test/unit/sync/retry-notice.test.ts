import { describe, expect, it } from 'vitest';
import { retryNotice } from '../../../src-main/sync/retry-notice.js';

describe('retryNotice', () => {
  it('says why and when, as a delay and as the clock time', () => {
    const now = new Date(2026, 11, 6, 15, 30, 0);
    expect(retryNotice('连不上同步服务器。', new Date(2026, 11, 6, 15, 30, 12), now)).toBe('连不上同步服务器。将在 12 秒后（15:30:12）自动重试。');
    expect(retryNotice('服务器暂时不可用', new Date(2026, 11, 6, 15, 35, 0), now)).toBe('服务器暂时不可用。将在 5 分钟后（15:35:00）自动重试。');
    // Due already (the clock moved on): never "0 秒后" or a negative delay.
    expect(retryNotice('超时。', new Date(2026, 11, 6, 15, 29, 0), now)).toMatch(/将在 1 秒后/);
  });
});
