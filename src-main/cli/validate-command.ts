import { parseArgs } from 'node:util';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { validateFile } from '../validation/validate-file.js';
import { formatReport } from './format-report.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';
import { TABLE_EXTENSIONS } from '../../src-shared/table-formats.js';

export const VALIDATE_USAGE = `用法：npm run -s cli -- validate <采集表.${TABLE_EXTENSIONS.join('|.')}> [--photos <照片文件夹>] [--photo-spec <照片规格>] [--renewal] [--json]`;

/** `validate <file> [--json] [--renewal]`: reads a filled template and prints every finding. */
export async function validateCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      renewal: { type: 'boolean', default: false },
      photos: { type: 'string' },
      'photo-spec': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`请给出一个要检查的采集表文件。${VALIDATE_USAGE}`);
  if (values['photo-spec'] !== undefined && values.photos === undefined) {
    throw new UsageError('--photo-spec 要和 --photos <照片文件夹> 一起使用。');
  }
  const tables = loadCodeTables();
  const photos = values.photos !== undefined ? { inputs: [values.photos], spec: getPhotoSpec(values['photo-spec']) } : undefined;
  const showProgress = !values.json && io.stderrIsTTY;
  const report = await validateFile(positionals[0]!, {
    tables,
    today: deps.today(),
    ...(deps.inlineRules ? { inlineRules: true } : {}),
    ...(values.renewal ? { kind: 'renewal' as const } : {}),
    ...(photos ? { photos } : {}),
    ...(showProgress ? { onProgress: (n: number) => io.progress(`已检查 ${n} 行…`) } : {}),
  });
  if (showProgress) io.progress('');
  await io.out(values.json ? JSON.stringify(report) + '\n' : formatReport(report));
  return 0;
}
