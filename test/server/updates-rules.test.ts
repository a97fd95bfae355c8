import { describe, expect, it } from 'vitest';
import { parseRange } from '../../src-server/updates/byte-ranges.js';
import { installIdOf, releaseFor } from '../../src-server/updates/rollout.js';
import { compareVersions, isSemver } from '../../src-server/updates/semver.js';

/** The update feed's pure rules: version order, the Range header, which release a PC gets. */

describe('versions', () => {
  it('orders as semver 2.0.0 (and electron-updater) does', () => {
    const sorted = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(sorted);
    expect(compareVersions('1.2.3+build.5', '1.2.3')).toBe(0);
    for (const bad of ['1.2', '01.2.3', '1.2.3-', 'v1.2.3', '1.2.3/..', '../1.2.3', '1.2.3-be ta']) expect(isSemver(bad), bad).toBe(false);
  });
});

describe('Range header', () => {
  const size = 1000;
  it('reads single, open, suffix and several ranges, and ignores what it does not understand', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
    expect(parseRange('bytes=900-', size)).toEqual({ kind: 'ranges', ranges: [{ start: 900, end: 999 }] });
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'ranges', ranges: [{ start: 900, end: 999 }] });
    expect(parseRange('bytes=990-5000', size)).toEqual({ kind: 'ranges', ranges: [{ start: 990, end: 999 }] });
    // Several, in the order asked, never merged (electron-updater's splitter counts on it).
    expect(parseRange('bytes=500-599, 0-9, 5-20', size)).toEqual({ kind: 'ranges', ranges: [{ start: 500, end: 599 }, { start: 0, end: 9 }, { start: 5, end: 20 }] });
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    for (const odd of ['bytes=abc', 'items=0-1', 'bytes=5-1', 'bytes=-', `bytes=${Array.from({ length: 1001 }, () => '0-1').join(',')}`]) {
      expect(parseRange(odd, size), odd.slice(0, 30)).toEqual({ kind: 'whole' });
    }
  });
});

describe('which release a PC gets', () => {
  const r = (version: string, rolloutPercent: number, withdrawn = false) => ({ version, rolloutPercent, withdrawn });
  const id = installIdOf('3F2504E0-4F89-41D3-9A0C-0305E82C3301')!;

  it('is the newest active release the PC is in; pause skips only the newest', () => {
    expect(id).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(installIdOf('not-a-uuid')).toBeNull();
    expect(installIdOf(undefined)).toBeNull();
    const releases = [r('1.0.0', 100), r('1.2.0', 0), r('1.1.0', 100)];
    expect(releaseFor(releases, id, false)?.version).toBe('1.1.0');
    expect(releaseFor([...releases, r('1.3.0', 100)], id, false)?.version).toBe('1.3.0');
    expect(releaseFor([...releases, r('1.3.0', 100)], id, true)?.version).toBe('1.1.0');
    expect(releaseFor([...releases, r('1.3.0', 100, true)], id, false)?.version).toBe('1.1.0');
    expect(releaseFor([r('1.0.0', 50)], null, false)).toBeUndefined();
    expect(releaseFor([], id, false)).toBeUndefined();
  });
});
