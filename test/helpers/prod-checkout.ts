import fs from 'node:fs';
import path from 'node:path';

/**
 * A copy of the repository as a bureau's server has it after `git clone`, `npm ci --omit=dev` and the
 * build: package.json, resources/, the built out/server and out/console, and node_modules with the
 * production packages only. The packages are taken from package-lock.json (every entry under
 * "packages" that is not `dev`) and hard-linked (copied across file systems) from this checkout's
 * node_modules, so no network is needed.
 */

interface LockEntry {
  dev?: boolean;
}

/** node_modules/… paths of the production packages, as npm ci --omit=dev installs them, that exist here. */
export function productionPackages(repoRoot: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && entry.dev !== true)
    .map(([key]) => key)
    // Optional packages for other platforms (sharp's win32 binaries on Linux) are not installed.
    .filter((key) => fs.existsSync(path.join(repoRoot, key)))
    .sort();
}

/** Hard links (or copies) `src` into `dest`, leaving out the package's own node_modules and .bin. */
function linkTree(src: string, dest: string, skipNodeModules: boolean): void {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    if (skipNodeModules && entry.name === 'node_modules') continue;
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) linkTree(from, to, false);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else {
      try {
        fs.linkSync(from, to);
      } catch {
        fs.copyFileSync(from, to);
      }
    }
  }
}

export interface ProdCheckoutOptions {
  /** The repository whose package.json, lock, resources and node_modules are used. */
  repoRoot: string;
  /** Holds server/ and console/ as scripts/build-server.mjs wrote them. */
  builtOut: string;
  /** Must be outside repoRoot, so that Node cannot find the repository's node_modules from it. */
  dest: string;
}

export function makeProdCheckout({ repoRoot, builtOut, dest }: ProdCheckoutOptions): { packages: string[] } {
  fs.mkdirSync(dest, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(repoRoot, f), path.join(dest, f));
  fs.cpSync(path.join(repoRoot, 'resources'), path.join(dest, 'resources'), { recursive: true });
  fs.cpSync(path.join(builtOut, 'server'), path.join(dest, 'out', 'server'), { recursive: true });
  fs.cpSync(path.join(builtOut, 'console'), path.join(dest, 'out', 'console'), { recursive: true });
  const packages = productionPackages(repoRoot);
  for (const p of packages) linkTree(path.join(repoRoot, p), path.join(dest, p), true);
  return { packages };
}
