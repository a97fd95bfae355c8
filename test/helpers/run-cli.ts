import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a child process, exactly as `npm run -s cli -- …` does, with a pinned today. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'scripts', 'cli.mjs'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ZFBM_TODAY: '2026-11-23', ...env }, maxBuffer: 256 * 1024 * 1024 },
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
      [path.join(REPO_ROOT, 'scripts', 'cli.mjs'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ZFBM_TODAY: '2026-11-23', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(input);
  });
}
