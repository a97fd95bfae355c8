import { codeTablesFor } from '../sync/reference-store.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RegistrationService } from '../services/registration-service.js';
import { UsageError } from './usage-error.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';

export const REPORT_USAGE = '用法：npm run -s cli -- report --data <数据文件夹> --batch <批次号> --out <问题清单.xlsx>';

/** `report --data <dir> --batch <id> --out <file>`: the error report the clerk fixes in Excel. */
export async function reportCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, batch: { type: 'string' }, out: { type: 'string' } },
  });
  const dir = requireDataDir(values.data, REPORT_USAGE);
  if (!values.batch) throw new UsageError(`请用 --batch 指定批次号（可用 batches 命令查看）。${REPORT_USAGE}`);
  if (!values.out) throw new UsageError(`请用 --out 指定问题清单的保存位置，如 --out 问题清单.xlsx。${REPORT_USAGE}`);
  if (path.extname(values.out).toLowerCase() !== '.xlsx') throw new UsageError('问题清单只能保存为 .xlsx 文件，请把 --out 的文件名改为以 .xlsx 结尾。');
  const db = openDataDir(dir);
  try {
    const service = new RegistrationService(db, { tables: codeTablesFor(db), actor: cliActor(), today: deps.today });
    const batch = service.getBatch(values.batch);
    const s = await service.writeErrorReport(batch.id, values.out);
    await io.out(
      `已导出问题清单“${path.resolve(values.out)}”：批次 ${batch.number} 共 ${s.rows} 人，${s.errors} 处错误（红色单元格），${s.fixed} 处已自动修正（黄色单元格）。\n` +
        '请在 Excel 或 WPS 中按批注修改红色单元格，保存后用 import 命令导入，会更新同一批次中的这些人员。\n',
    );
    return 0;
  } finally {
    db.close();
  }
}
