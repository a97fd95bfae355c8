import { codeTablesFor } from '../sync/reference-store.js';
import { parseArgs } from 'node:util';
import type { ImportPhase } from '../import/import-file.js';
import { RegistrationService } from '../services/registration-service.js';
import { UsageError } from './usage-error.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';
import { TABLE_EXTENSIONS } from '../../src-shared/table-formats.js';
import { examForNewBatch } from '../exams/local-exams.js';

export const IMPORT_USAGE = `用法：npm run -s cli -- import --data <数据文件夹> <采集表.${TABLE_EXTENSIONS.join('|.')}> [--renewal] [--exam <考试编号>] [--json] [--progress]`;

const PHASE: Record<ImportPhase, string> = { reading: '已读取并检查', saving: '已保存' };

/** A person without a photo cannot be submitted, so counts as having an error: say so, and what to do. */
const noPhoto = (b: { noPhoto: number }) => (b.noPhoto > 0 ? `（其中 ${b.noPhoto} 人还没有照片，请用 photos import 导入）` : '');

/** `import --data <dir> <file>`: the whole file into a new batch, in one transaction. */
export async function importCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      renewal: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: false },
      unit: { type: 'string' },
      exam: { type: 'string' },
    },
  });
  const examId = values.exam === undefined ? undefined : Number(values.exam);
  if (examId !== undefined && !(Number.isInteger(examId) && examId > 0)) throw new UsageError(`--exam 应为考试编号（正整数，见服务器的考试列表）。${IMPORT_USAGE}`);
  const dir = requireDataDir(values.data, IMPORT_USAGE);
  if (positionals.length !== 1) throw new UsageError(`请给出一个要导入的采集表文件。${IMPORT_USAGE}`);
  const db = openDataDir(dir);
  try {
    // The server's code tables once it has sent them, so a row is judged here as it will be there.
    const tables = codeTablesFor(db);
    const live = io.stderrIsTTY && !values.json;
    const service = new RegistrationService(db, { tables, actor: cliActor(), today: deps.today });
    const result = await service.importFile(positionals[0]!, {
      ...(values.renewal ? { kind: 'renewal' as const } : {}),
      ...(values.unit ? { unit: values.unit } : {}),
      // The exam a new batch registers for, as in the window: the one in 报名 by itself, --exam when several are.
      examForNewBatch: () => examForNewBatch(db, deps.today(), examId),
      onProgress: (phase, done, total) => {
        const text = `${PHASE[phase]} ${done}${total ? `/${total}` : ''} 人…`;
        if (values.progress) io.err(`进度：${text}`);
        else if (live) io.progress(text);
      },
    });
    if (live) io.progress('');
    const b = result.batch;
    if (values.json) {
      await io.out(JSON.stringify(result) + '\n');
    } else if (result.reimport) {
      const r = result.reimport;
      await io.out(
        `已按问题清单更新批次 ${b.number}（${b.name}）：更新 ${r.updated} 人，新增 ${r.added} 人` +
          (r.locked ? `，${r.locked} 人已提交审核未改动` : '') +
          (r.notInFile ? `，${r.notInFile} 人不在文件中，保持原样` : '') +
          `。现在共 ${b.persons} 人，${b.invalid} 人有错误需要修改${noPhoto(b)}。\n`,
      );
    } else if (result.unchanged) {
      await io.out(`这个文件已经导入过（批次 ${b.number}，${b.name}），没有重复导入，数据未改变。\n`);
    } else {
      await io.out(
        `已导入到新批次 ${b.number}（${b.name}）：共 ${b.persons} 人，${b.invalid} 人有错误需要修改${noPhoto(b)}。` +
          (b.invalid ? `\n可用 npm run -s cli -- report --data <数据文件夹> --batch ${b.number} --out 问题清单.xlsx 导出问题清单。` : '') +
          '\n',
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
