import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/**
 * Shipped code carries no switches for its tests (issue 16): today, fault points and the rules
 * worker are injected by whoever builds the service, the backend or the CLI's deps; what shipped code
 * reads from the environment are settings an operator may use, each described in the README.
 */
const SHIPPED_DIRS = ['src-main', 'src-node', 'src-shared'];
const OPERATOR_SETTINGS = ['ZFBM_DEBUG', 'ZFBM_RESOURCES', 'ZFBM_USER_DATA'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

/** `ZFBM_*` names in shipped source, with the files that name them. */
function zfbmNames(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const dir of SHIPPED_DIRS) {
    for (const file of sourceFiles(path.join(REPO_ROOT, dir))) {
      for (const [name] of fs.readFileSync(file, 'utf8').matchAll(/\bZFBM_[A-Z_]+\b/g)) {
        names.set(name, [...(names.get(name) ?? []), path.relative(REPO_ROOT, file)]);
      }
    }
  }
  return names;
}

describe('no test hooks in shipped code', () => {
  it('names no environment variable but the operator settings', () => {
    const names = zfbmNames();
    expect([...names.keys()].filter((n) => !OPERATOR_SETTINGS.includes(n)), JSON.stringify(Object.fromEntries(names))).toEqual([]);
  });

  it('describes every operator setting in the README', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(OPERATOR_SETTINGS.filter((n) => !readme.includes(n))).toEqual([]);
  });

  it('reads the environment only in the files that read those settings', () => {
    const readers = SHIPPED_DIRS.flatMap((d) => sourceFiles(path.join(REPO_ROOT, d)))
      .filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((f) => path.relative(REPO_ROOT, f))
      .sort();
    // backend-host hands the worker a copy of the environment (plus ZFBM_RESOURCES where set).
    expect(readers).toEqual(['src-main/backend-worker/backend-host.ts', 'src-main/cli.ts', 'src-main/electron/main.ts', 'src-node/reference/resources-dir.ts']);
  });

  it('the Electron main process never loads the web bridge (npm start’s browser mode and the Playwright bridge)', async () => {
    const r = await build({
      entryPoints: [path.join(REPO_ROOT, 'src-main', 'electron', 'main.ts'), path.join(REPO_ROOT, 'src-main', 'backend-worker', 'worker-main.ts')],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      write: false,
      metafile: true,
      outdir: path.join(REPO_ROOT, 'out', 'lint-no-test-hooks'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs).toContain('src-main/electron/main.ts');
    expect(inputs.filter((f) => /web-bridge|bridge-main/.test(f))).toEqual([]);
  });
});
