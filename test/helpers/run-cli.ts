import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The day every CLI run of the tests checks against, unless a test says otherwise. */
export const TEST_TODAY = '2026-11-23';

const HARNESS_SOURCE = path.join(REPO_ROOT, 'test', 'helpers', 'cli-harness.ts');
/** Two folders below the repository, as the source is, so that its path arithmetic holds. */
const HARNESS_BUILT = path.join(REPO_ROOT, 'out', 'test-harness', 'cli-harness.mjs');
let harnessReady = false;

/**
 * The harness as plain JavaScript (esbuild strips the types in a millisecond; a TypeScript loader
 * would cost every CLI run a second of CPU). Written aside and renamed, as test files run at once.
 */
function harnessEntry(): string {
  if (harnessReady) return HARNESS_BUILT;
  const js = transformSync(fs.readFileSync(HARNESS_SOURCE, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' }).code;
  let current = '';
  try {
    current = fs.readFileSync(HARNESS_BUILT, 'utf8');
  } catch {
    // Not built yet.
  }
  if (current !== js) {
    fs.mkdirSync(path.dirname(HARNESS_BUILT), { recursive: true });
    const staging = `${HARNESS_BUILT}.${process.pid}.tmp`;
    fs.writeFileSync(staging, js);
    fs.renameSync(staging, HARNESS_BUILT);
  }
  harnessReady = true;
  return HARNESS_BUILT;
}

/**
 * Node's arguments for the CLI as the tests run it: the real CLI bundle through the tests' harness
 * (test/helpers/cli-harness.ts), which takes HARNESS_* variables for today, fault points and the
 * rules worker; pass `cliEnv()` as its environment.
 */
export function cliArgv(args: readonly string[]): string[] {
  return [harnessEntry(), ...args];
}

/** The environment for `cliArgv`: today pinned to TEST_TODAY, then `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, HARNESS_TODAY: TEST_TODAY, ...env };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI bundle as a child process, as `npm run -s cli -- …` does, with today pinned (cliArgv). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      cliArgv(args),
      { cwd: REPO_ROOT, env: cliEnv(env), maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface JsonIssue {
  field: string;
  code: string;
  severity: 'error' | 'warning' | 'fixed';
  message: string;
  value?: string;
  fixed?: string;
}
export interface JsonReport {
  file: string;
  rows: Array<{ row: number; idNumber: string; issues: JsonIssue[] }>;
  photos: unknown[];
  summary: { rows: number; valid: number; invalid: number };
}

/** `validate --json`, asserting the exit code 0 and parsing stdout. */
export async function validateJson(file: string, extra: string[] = [], env: Record<string, string> = {}): Promise<JsonReport> {
  const r = await runCli(['validate', file, '--json', ...extra], env);
  if (r.code !== 0) throw new Error(`validate exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

/** The CLI as a child process with `input` on its standard input (passwords for login). */
export function runCliWithInput(args: string[], input: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      cliArgv(args),
      { cwd: REPO_ROOT, env: cliEnv(env), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(input);
  });
}
