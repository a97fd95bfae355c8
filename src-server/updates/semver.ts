/**
 * The few semantic-version rules the update feed needs (semver.org 2.0.0): what a version looks like,
 * and which of two is newer, the way electron-updater compares them on the desktop. Written out here
 * instead of importing `semver` (only a transitive dependency of electron-updater, without types).
 */

/** MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]; numbers without leading zeros. */
const SEMVER =
  /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

interface Parsed {
  core: [number, number, number];
  pre: string[];
}

/** Whether `v` is a version electron-updater accepts (and a safe folder name: letters, digits, . - +). */
export function isSemver(v: string): boolean {
  return v.length <= 64 && SEMVER.test(v);
}

function parse(v: string): Parsed {
  const m = SEMVER.exec(v);
  if (!m) throw new Error(`not a semantic version: ${v}`);
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative when a is older than b, positive when newer, 0 when equal in precedence (build metadata is ignored). */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = pa.core[i]! - pb.core[i]!;
    if (d !== 0) return Math.sign(d);
  }
  // A pre-release is older than its release: 1.2.0-beta.1 < 1.2.0.
  if (pa.pre.length === 0 || pb.pre.length === 0) return pb.pre.length - pa.pre.length === 0 ? 0 : pa.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
    const d = compareIdentifiers(pa.pre[i]!, pb.pre[i]!);
    if (d !== 0) return d;
  }
  return Math.sign(pa.pre.length - pb.pre.length);
}
