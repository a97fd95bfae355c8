import { codeTablesFor, photoSpecFor } from '../sync/reference-store.js';
import { parseArgs } from 'node:util';
import { RegistrationService } from '../services/registration-service.js';
import { PhotoService } from '../photos/photo-service.js';
import { BlobStore } from '../blobs/blob-store.js';
import { UsageError } from './usage-error.js';
import { cliActor, openDataDir, requireDataDir } from './data-dir.js';
import type { CliIo } from './io.js';
import type { CliDeps } from './cli-deps.js';

export const PHOTOS_IMPORT_USAGE = '用法：npm run -s cli -- photos import --data <数据文件夹> --batch <批次号> <照片文件夹或文件…> [--photo-spec <照片规格>] [--json]';

/** `photos import`: 照片导入 — match photos to the batch's people, check and store them. */
export async function photosImportCommand(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { data: { type: 'string' }, batch: { type: 'string' }, 'photo-spec': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dir = requireDataDir(values.data, PHOTOS_IMPORT_USAGE);
  if (!values.batch) throw new UsageError(`请用 --batch 指定批次号。${PHOTOS_IMPORT_USAGE}`);
  if (positionals.length === 0) throw new UsageError(`请给出照片文件夹或照片文件。${PHOTOS_IMPORT_USAGE}`);
  const db = openDataDir(dir);
  try {
    const spec = photoSpecFor(db, values['photo-spec']);
    const actor = cliActor();
    const batch = new RegistrationService(db, { tables: codeTablesFor(db), actor, today: deps.today }).getBatch(values.batch);
    const live = io.stderrIsTTY && !values.json;
    const r = await new PhotoService(db, new BlobStore(db, dir), actor).importPhotos(batch, positionals, spec, (done, total) => {
      if (live) io.progress(`已检查 ${done}/${total} 张照片…`);
    });
    if (live) io.progress('');
    if (values.json) {
      await io.out(JSON.stringify(r) + '\n');
      return 0;
    }
    const lines = [
      `批次 ${batch.number}（照片规格：${spec.title}）：新增 ${r.attached} 张，更换 ${r.replaced} 张，${r.unchanged} 张与已有照片相同；其中 ${r.withFindings} 张不符合规格，可用 photos fix 修正后重新导入。`,
    ];
    // Each attached photo that does not fit, by person (the unusable ones follow with their reasons).
    for (const f of r.findings.filter((x) => x.attached)) {
      lines.push(`“${f.fileName}”（${f.name || '（无姓名）'} ${f.idNumber}）：${f.issues.filter((i) => i.severity === 'error').map((i) => i.message).join(' ')}`);
    }
    for (const x of r.rejected) lines.push(`未使用“${x.fileName}”：${x.issues.map((i) => i.message).join(' ')}`);
    for (const u of r.unmatched) lines.push(u.issue.message);
    for (const m of r.missing) lines.push(`${m.name || '（无姓名）'} ${m.idNumber}：${m.issue.message}`);
    await io.out(lines.join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}
