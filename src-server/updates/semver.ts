import semver from 'semver';

/**
 * The semantic-version rules the update feed needs, from `semver` (the library electron-updater itself
 * compares versions with on the desktop): what a version looks like, and which of two is newer.
 */

/**
 * Whether `v` is a version as electron-builder writes it: strict semver 2.0.0 (no leading "v", no
 * leading zeros, no spaces), at most 64 characters. It also names the release's folder, which such a
 * version can do safely: letters, digits, `.`, `-` and `+` only. Each of MAJOR.MINOR.PATCH has at most 9 digits.
 */
export function isSemver(v: string): boolean {
  if (v.length > 64) return false;
  // parse() also takes a leading "v", "=" or spaces; the version written back must be `v` itself.
  const p = semver.parse(v);
  if (p === null || [p.major, p.minor, p.patch].some((n) => n >= 1e9)) return false;
  return (p.build.length > 0 ? `${p.version}+${p.build.join('.')}` : p.version) === v;
}

/** Negative when a is older than b, positive when newer, 0 when equal in precedence (build metadata is ignored). */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}
