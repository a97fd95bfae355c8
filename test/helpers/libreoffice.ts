import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The LibreOffice binary, or undefined where it is not installed (.ci/run installs it). */
export function findSoffice(): string | undefined {
  for (const p of ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/bin/libreoffice']) if (fs.existsSync(p)) return p;
  return undefined;
}

export const SOFFICE = findSoffice();
export const NO_SOFFICE_REASON = 'LibreOffice (soffice) is not installed here; .ci/run installs libreoffice-calc-nogui. Skipping.';
if (!SOFFICE) console.warn(NO_SOFFICE_REASON);

/** Converts `input` with LibreOffice headless, e.g. to 'xls' or 'xlsx'; returns the output path. */
export function sofficeConvert(input: string, to: string, outDir: string): string {
  if (!SOFFICE) throw new Error(NO_SOFFICE_REASON);
  const profile = path.join(outDir, '.lo-profile');
  execFileSync(SOFFICE, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', to, '--outdir', outDir, input], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const out = path.join(outDir, path.basename(input, path.extname(input)) + '.' + to.split(':')[0]);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}
