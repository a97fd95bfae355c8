import { describe, expect, it } from 'vitest';
import { proxyUrlFromPac } from '../../../src-main/sync/pac-result.js';
import { retryDelayMs, MAX_DELAY_MS } from '../../../src-main/sync/retry-policy.js';

describe('proxyUrlFromPac', () => {
  it('takes the first HTTP(S) proxy of a PAC answer, or none', () => {
    expect(proxyUrlFromPac('DIRECT')).toBe('');
    expect(proxyUrlFromPac('PROXY 10.0.0.1:8080; DIRECT')).toBe('http://10.0.0.1:8080');
    expect(proxyUrlFromPac('SOCKS5 127.0.0.1:1080; HTTPS proxy.corp:443')).toBe('https://proxy.corp:443');
    expect(proxyUrlFromPac('SOCKS5 127.0.0.1:1080')).toBe('');
    expect(proxyUrlFromPac('')).toBe('');
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s with jitter between half and all of it, capped at 5 minutes, never below Retry-After', () => {
    expect(retryDelayMs(0, 0, () => 0)).toBe(500);
    expect(retryDelayMs(0, 0, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 0, () => 1)).toBe(8000);
    expect(retryDelayMs(30, 0, () => 1)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(0, 30_000, () => 0)).toBe(30_000);
    const spread = new Set(Array.from({ length: 50 }, () => Math.round(retryDelayMs(4))));
    expect(spread.size).toBeGreaterThan(10);
  });
});
