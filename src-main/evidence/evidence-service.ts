import fs from 'node:fs';
import { cleanFileName, fileNameForType } from '../../src-shared/file-names.js';
import { DEFAULT_EVIDENCE_MAX_BYTES, DEFAULT_EVIDENCE_MAX_FILES, EVIDENCE_KINDS, evidenceKindSchema } from '../../src-shared/domain/evidence.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';
import { deleteEvidence, evidenceFileName, insertEvidence, listEvidence, type EvidenceRecord } from '../store/evidence-repo.js';
import type { BatchSummary } from '../store/batches-repo.js';
import { BlobStore } from '../blobs/blob-store.js';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * 佐证资料: the proof documents that go with a batch (三定方案, 在编证明, 委托书, …). JPEG, PNG or PDF
 * by their bytes, a size limit per file, a limit per batch; stored content-addressed.
 */

export class EvidenceError extends CodedError<'too_many' | 'too_large' | 'wrong_type' | 'unreadable' | 'bad_kind' | 'not_found' | 'locked'> {
  override name = 'EvidenceError';
  constructor(code: EvidenceError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export type { EvidenceRecord };

export interface EvidenceLimits {
  maxFiles: number;
  maxBytes: number;
}

const ACCEPTED = new Set(['jpeg', 'png', 'pdf']);

/**
 * A file name for the clerk's eyes only: no folders, no control, bidi or other invisible characters
 * (src-shared/file-names.ts, as the server and the console), not too long.
 */
export function displayName(file: string): string {
  return (cleanFileName(file) || '未命名文件').slice(0, 120);
}

/**
 * One file read and checked as 佐证资料 and 汇款凭证 are: there, not empty, within the size limit, and a
 * JPEG, PNG or PDF by its bytes. `stored`: the name it is kept under, with the extension of what it is.
 * `what` names the kind of file in the messages.
 */
export function readEvidenceFile(file: string, maxBytes: number, what: string): { bytes: Buffer; type: 'jpeg' | 'png' | 'pdf'; stored: string } {
  const name = displayName(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new EvidenceError('unreadable', `找不到文件“${name}”，请检查路径。`);
  }
  if (!stat.isFile()) throw new EvidenceError('unreadable', `“${name}”不是文件，请选择图片或 PDF 文件。`);
  if (stat.size > maxBytes) {
    throw new EvidenceError('too_large', `“${name}”有 ${(stat.size / 1024 / 1024).toFixed(1)} MB，超过每个文件 ${(maxBytes / 1024 / 1024).toFixed(0)} MB 的上限。请压缩图片或拆分 PDF 后再上传。`);
  }
  if (stat.size === 0) throw new EvidenceError('unreadable', `“${name}”是空文件（0 字节），请重新扫描或保存后再上传。`);
  const bytes = fs.readFileSync(file);
  const type = sniffFileType(bytes.subarray(0, 32));
  if (!ACCEPTED.has(type)) {
    const kindWords = type === 'unknown' ? '无法识别的格式' : `${type.toUpperCase()} 格式`;
    throw new EvidenceError('wrong_type', `“${name}”实际是${kindWords}，${what}只能是 JPG、PNG 图片或 PDF 文件（按文件内容判断，不看扩展名）。请转换后再上传。`);
  }
  // Kept under the extension of what the bytes are, as the server keeps it: 委托书.jpg holding a PDF is 委托书.pdf.
  return { bytes, type: type as 'jpeg' | 'png' | 'pdf', stored: fileNameForType(name, type) };
}

export class EvidenceService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly actor: Actor,
    private readonly limits: EvidenceLimits = { maxFiles: DEFAULT_EVIDENCE_MAX_FILES, maxBytes: DEFAULT_EVIDENCE_MAX_BYTES },
  ) {}

  list(batchId: string): EvidenceRecord[] {
    return listEvidence(this.db, batchId);
  }

  /** Adds one file to a batch; checks everything before anything is written. */
  add(batch: BatchSummary, file: string, kind: string): EvidenceRecord {
    const k = evidenceKindSchema.safeParse(kind);
    if (!k.success) throw new EvidenceError('bad_kind', `佐证资料类别“${kind}”不对，请从这些类别中选择：${EVIDENCE_KINDS.join('、')}。`);
    if (batch.status !== 'draft') throw new EvidenceError('locked', `批次 ${batch.number} 已提交，不能再添加佐证资料。`);
    const existing = this.list(batch.id);
    if (existing.length >= this.limits.maxFiles) {
      throw new EvidenceError('too_many', `每个批次最多上传 ${this.limits.maxFiles} 个佐证资料文件，批次 ${batch.number} 已有 ${existing.length} 个。请先删除不需要的文件，或把几页合并成一个 PDF。`);
    }
    const { bytes, type, stored } = readEvidenceFile(file, this.limits.maxBytes, '佐证资料');
    const id = this.db.transaction(() => {
      const sha = this.blobs.put(bytes, FILE_TYPE_MIME[type], this.actor.now());
      const evidenceId = insertEvidence(this.db, { batchId: batch.id, sha256: sha, fileName: stored, kind: k.data }, this.actor.now());
      recordAudit(this.db, this.actor, { action: 'evidence.add', entity: 'evidence', entityId: String(evidenceId), detail: `批次 ${batch.number}：${k.data}“${stored}”` });
      return evidenceId;
    }).immediate();
    return this.list(batch.id).find((e) => e.id === id)!;
  }

  remove(batch: BatchSummary, evidenceId: number): void {
    if (batch.status !== 'draft') throw new EvidenceError('locked', `批次 ${batch.number} 已提交，不能再删除佐证资料。`);
    this.db.transaction(() => {
      const fileName = evidenceFileName(this.db, evidenceId, batch.id);
      if (fileName === undefined) throw new EvidenceError('not_found', '找不到这个佐证资料文件，可能已被删除，请刷新列表。');
      deleteEvidence(this.db, evidenceId);
      recordAudit(this.db, this.actor, { action: 'evidence.remove', entity: 'evidence', entityId: String(evidenceId), detail: `批次 ${batch.number}：“${fileName}”` });
    }).immediate();
  }

  /** What still stops the batch from going out, as far as evidence is concerned (Chinese, one per line). */
  problems(batch: BatchSummary): string[] {
    const files = this.list(batch.id);
    const out: string[] = [];
    if (batch.kind === 'renewal' && files.length === 0) {
      out.push(`批次 ${batch.number} 是换证人员批次，必须上传佐证资料（如原证件、成绩证明），请在“佐证资料”中上传。`);
    }
    return out;
  }
}
