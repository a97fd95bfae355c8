import { parseArgs } from 'node:util';
import { listBatches } from '../store/batches-repo.js';
import { BATCH_STATUS_LABEL } from '../../src-shared/contract/desktop-api.js';
import { openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';

export const BATCHES_USAGE = '用法：npm run -s cli -- batches --data <数据文件夹> [--json]';

/** `batches --data <dir>`: the batch table of the manual's 人员导入 screen. */
export async function batchesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const db = openDataDir(requireDataDir(values.data, BATCHES_USAGE));
  try {
    const batches = listBatches(db);
    if (values.json) {
      await io.out(JSON.stringify(batches) + '\n');
      return 0;
    }
    if (batches.length === 0) {
      await io.out('还没有批次。用 import 命令导入填好的采集表。\n');
      return 0;
    }
    const lines = ['序号\t批次名称\t批次号\t数量\t有错误\t状态\t上级单位\t添加单位\t采集时间'];
    batches.forEach((b, i) => {
      lines.push(
        [i + 1, b.name, b.number, b.persons, b.invalid, BATCH_STATUS_LABEL[b.status], b.parentUnit || '-', b.unit || '-', b.createdAt.slice(0, 19).replace('T', ' ')].join('\t'),
      );
    });
    lines.push(`共有 ${batches.length} 条数据`);
    await io.out(lines.join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}
