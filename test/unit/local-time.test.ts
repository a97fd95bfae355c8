import { describe, expect, it } from 'vitest';
import { localClock, localDate, localIso, localOffset } from '../../src-shared/local-time.js';
import { logTimestamp } from '../../src-main/log/file-logger.js';
import { retryNotice } from '../../src-main/sync/retry-notice.js';

// Built from local parts, so the expectations hold in any time zone the tests run in.
const evening = new Date(2024, 0, 16, 21, 8, 56, 7);
const morning = new Date(2024, 8, 5, 7, 3, 4);

describe('local time (one formatter for the desktop, the window and the server)', () => {
  it('gives the date and the clock time as the computer shows them, zero-padded', () => {
    expect(localDate(evening)).toBe('2024-01-16');
    expect(localClock(evening)).toBe('21:08:56');
    expect(localDate(morning)).toBe('2024-09-05');
    expect(localClock(morning)).toBe('07:03:04');
  });

  it('writes the offset of the moment, so the ISO form names the same instant', () => {
    expect(localOffset(evening)).toMatch(/^[+-]\d\d:\d\d$/);
    const iso = localIso(evening);
    expect(iso).toMatch(/^2024-01-16T21:08:56[+-]\d\d:\d\d$/);
    expect(Date.parse(iso)).toBe(evening.getTime() - 7);
    expect(Date.parse(localIso(morning))).toBe(morning.getTime());
  });

  it('is what the desktop log and the retry notice show', () => {
    expect(logTimestamp(evening)).toBe(`2024-01-16 21:08:56.007 ${localOffset(evening)}`);
    expect(retryNotice('服务器暂时无法连接。', morning, new Date(morning.getTime() - 30_000))).toBe('服务器暂时无法连接。将在 30 秒后（07:03:04）自动重试。');
  });
});
