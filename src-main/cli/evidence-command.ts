import { codeTablesFor } from '../sync/reference-store.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EVIDENCE_KINDS } from '../../src-shared/domain/evidence.js';
import { RegistrationService } from '../services/registration-service.js';
import { EvidenceError, EvidenceService } from '../evidence/evidence-service.js';
import { BlobStore } from '../blobs/blob-store.js';
import { UsageError } from './usage-error.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';

export const EVIDENCE_USAGE =
  `用法：npm run -s cli -- evidence add --data <数据文件夹> --batch <批次号> --kind <${EVIDENCE_KINDS.join('|')}> <文件…>\n` +
  '      npm run -s cli -- evidence list --data <数据文件夹> --batch <批次号>';

/** `evidence add|list`: 佐证资料 of a batch. */
export async function evidenceCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'add' && action !== 'list') throw new UsageError(`请写 evidence add 或 evidence list。${EVIDENCE_USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { data: { type: 'string' }, batch: { type: 'string' }, kind: { type: 'string' } },
  });
  const dir = requireDataDir(values.data, EVIDENCE_USAGE);
  if (!values.batch) throw new UsageError(`请用 --batch 指定批次号。${EVIDENCE_USAGE}`);
  const db = openDataDir(dir);
  try {
    const actor = cliActor();
    const batch = new RegistrationService(db, { tables: codeTablesFor(db), actor, today: deps.today }).getBatch(values.batch);
    const evidence = new EvidenceService(db, new BlobStore(db, dir), actor);
    if (action === 'list') {
      const files = evidence.list(batch.id);
      const lines = files.map((e, i) => `${i + 1}\t${e.kind}\t${e.fileName}\t${(e.size / 1024).toFixed(0)} KB\t${e.createdAt.slice(0, 19).replace('T', ' ')}`);
      const problems = evidence.problems(batch);
      await io.out([`批次 ${batch.number} 的佐证资料：${files.length} 个文件`, ...lines, ...problems].join('\n') + '\n');
      return 0;
    }
    if (!values.kind) throw new UsageError(`请用 --kind 指定佐证资料类别：${EVIDENCE_KINDS.join('、')}。`);
    if (positionals.length === 0) throw new UsageError(`请给出要上传的文件。${EVIDENCE_USAGE}`);
    let failed = 0;
    for (const f of positionals) {
      try {
        const e = evidence.add(batch, f, values.kind);
        await io.out(`已添加 ${e.kind}“${e.fileName}”（${(e.size / 1024).toFixed(0)} KB）到批次 ${batch.number}。\n`);
      } catch (e) {
        if (!(e instanceof EvidenceError)) throw e;
        failed += 1;
        io.err(`“${path.basename(f)}”未添加：${e.message}`);
      }
    }
    // Some files added and some not is still "done"; none usable is bad input.
    return failed === positionals.length ? 2 : 0;
  } finally {
    db.close();
  }
}
