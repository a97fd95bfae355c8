import { describe, expect, it } from 'vitest';
import { chinaMinute, chinaToday } from '../../src-shared/china-time.js';

/** UTC+8 all year: the server's UTC times as the clerk's and the reviewer's calendar and clock read them. */
describe('China time', () => {
  it('turns the day over at 16:00 UTC', () => {
    expect(chinaToday(new Date('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
    expect(chinaToday(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
  });

  it('shows a UTC or offset time as YYYY-MM-DD HH:mm in China, across a year end', () => {
    expect(chinaMinute('2026-12-31T16:05:00.000Z')).toBe('2027-01-01 00:05');
    expect(chinaMinute('2026-11-23T09:00:00+08:00')).toBe('2026-11-23 09:00');
  });
});
