import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { OutputFileError, writeCollectionTemplate } from '../excel/template-writer.js';
import { UsageError } from './usage-error.js';
import type { CliIo } from './io.js';

export const TEMPLATE_USAGE = '用法：npm run -s cli -- template <保存为.xlsx> [--renewal]';

/** `template <out.xlsx> [--renewal]`: writes the empty collection template (附件2). */
export async function templateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      renewal: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`请给出一个保存模板的文件名。${TEMPLATE_USAGE}`);
  const out = positionals[0]!;
  if (path.extname(out).toLowerCase() !== '.xlsx') {
    throw new UsageError(`模板只能保存为 .xlsx 文件，请把“${out}”改为以 .xlsx 结尾的文件名。${TEMPLATE_USAGE}`);
  }
  const kind = values.renewal ? ('renewal' as const) : ('new' as const);
  try {
    await writeCollectionTemplate(out, { kind, tables: loadCodeTables() });
  } catch (e) {
    if (e instanceof OutputFileError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  const what = kind === 'renewal' ? '换证人员采集表模板' : '采集表模板';
  await io.out(`已生成${what}：${path.resolve(out)}\n`);
  return 0;
}
