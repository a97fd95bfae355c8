import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { findBatch, type BatchSummary } from '../store/batches-repo.js';
import { getPerson, listPersons, type StoredPerson } from '../store/persons-repo.js';
import { openJobFor } from '../store/outbox-repo.js';
import { recordAudit } from '../store/audit-log.js';
import { batchContents, batchPersonsBeyondDraft, deleteBatchRows, deletePersonRows, dropUnusedBlobs, personServerVersion } from '../store/deletion-repo.js';
import { PERSON_STATUS_LABEL } from '../../src-shared/contract/desktop-api.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * 删除 (issue 17): a draft person, or a draft batch with its people, photos and evidence links. Only
 * what never left this PC: anything queued, sent or decided on is refused with what to do instead.
 * Each deletion is audited (who, which batch, which person) in the same transaction; a blob file goes
 * only when no other row uses it, and only after the rows are gone for good (the commit).
 */

export class DeletionError extends CodedError<'not_found' | 'not_deletable'> {
  override name = 'DeletionError';
  constructor(code: DeletionError['code'], message: string) {
    super(code, message, { userFacing: true });
  }
}

export interface BatchDeletion {
  batchId: string;
  number: string;
  name: string;
  persons: number;
  photos: number;
  evidence: number;
}

export interface PersonDeletion {
  personId: number;
  batchId: string;
  name: string;
  idNumber: string;
}

const who = (p: Pick<StoredPerson, 'fields'>) => `${p.fields.name || '（无姓名）'}${p.fields.idNumber ? ` ${p.fields.idNumber}` : ''}`;

export class DeletionService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly actor: Actor,
  ) {}

  /** What 删除 would remove, for the confirmation; refuses as 删除 would. */
  previewBatch(idOrNumber: string): BatchDeletion {
    const batch = this.batch(idOrNumber);
    this.assertBatchDeletable(batch);
    return { batchId: batch.id, number: batch.number, name: batch.name, ...batchContents(this.db, batch.id) };
  }

  deleteBatch(idOrNumber: string): BatchDeletion {
    const { removed, files } = this.db
      .transaction(() => {
        // Checked again under the write lock: a push or a submit in another process may have come first.
        const batch = this.batch(idOrNumber);
        this.assertBatchDeletable(batch);
        const removed: BatchDeletion = { batchId: batch.id, number: batch.number, name: batch.name, ...batchContents(this.db, batch.id) };
        for (const p of listPersons(this.db, batch.id)) {
          recordAudit(this.db, this.actor, { action: 'person.delete', entity: 'person', entityId: String(p.id), detail: `随批次 ${batch.number} 删除 ${who(p)}` });
        }
        const files = dropUnusedBlobs(this.db, deleteBatchRows(this.db, batch.id));
        recordAudit(this.db, this.actor, {
          action: 'batch.delete',
          entity: 'batch',
          entityId: batch.id,
          detail: `删除批次 ${batch.number}（${batch.name}）：${removed.persons} 人、${removed.photos} 张照片、${removed.evidence} 份佐证资料`,
        });
        return { removed, files };
      })
      .immediate();
    this.removeFiles(files);
    return removed;
  }

  deletePerson(personId: number): PersonDeletion {
    const { removed, files } = this.db
      .transaction(() => {
        const p = getPerson(this.db, personId);
        if (!p) throw new DeletionError('not_found', '找不到这个人员，可能已被删除，请刷新列表。');
        const batch = this.batch(p.batchId);
        this.assertPersonDeletable(p, batch);
        const files = dropUnusedBlobs(this.db, deletePersonRows(this.db, p.id));
        recordAudit(this.db, this.actor, { action: 'person.delete', entity: 'person', entityId: String(p.id), detail: `从批次 ${batch.number} 删除 ${who(p)}` });
        return { removed: { personId: p.id, batchId: p.batchId, name: p.fields.name, idNumber: p.fields.idNumber }, files };
      })
      .immediate();
    this.removeFiles(files);
    return removed;
  }

  private batch(idOrNumber: string): BatchSummary {
    const b = findBatch(this.db, idOrNumber);
    if (!b) throw new DeletionError('not_found', '找不到这个批次，可能已被删除，请刷新列表。');
    return b;
  }

  /** A queued, uploading or sent batch: what the clerk must do first, or why it cannot be done here. */
  private assertNotQueued(batch: BatchSummary, what: string): void {
    const job = openJobFor(this.db, batch.id);
    if (!job) return;
    if (job.state === 'running' || job.batchSentAt !== '') {
      throw new DeletionError('not_deletable', `批次 ${batch.number} 正在上传或已发到服务器、等待确认，不能${what}。请等上传结束：如果服务器退回，可在“人员退回”中修改。`);
    }
    throw new DeletionError('not_deletable', `批次 ${batch.number} 已加入待提交队列，不能${what}。请先在“人员提交”中点“撤回”，批次回到“填报中”后再删除。`);
  }

  private assertBatchDeletable(batch: BatchSummary): void {
    this.assertNotQueued(batch, '删除');
    if (batch.status === 'submitted' || batch.status === 'closed' || batchPersonsBeyondDraft(this.db, batch.id) > 0) {
      throw new DeletionError(
        'not_deletable',
        `批次 ${batch.number} 已提交到司法局，服务器上有它的人员，不能在本机删除。被退回的人员请在“人员退回”中修改；不需要报名的人员请联系审核的司法局。`,
      );
    }
  }

  private assertPersonDeletable(p: StoredPerson, batch: BatchSummary): void {
    if (p.status === 'rejected') {
      throw new DeletionError('not_deletable', `${who(p)} 已被退回，服务器上有此人的报名记录，不能在本机删除。请在“人员退回”中修改后重新提交；不需要报名的请联系审核的司法局。`);
    }
    if (p.status !== 'draft' || personServerVersion(this.db, p.id) > 0) {
      throw new DeletionError('not_deletable', `${who(p)} 已提交审核（${PERSON_STATUS_LABEL[p.status]}），不能在本机删除。如需撤销报名，请联系审核的司法局。`);
    }
    this.assertNotQueued(batch, '删除其中的人员');
  }

  /**
   * The files of blobs whose rows were dropped. One that cannot be removed now (held open by another
   * program) only takes space: no row names it, nothing reads it.
   */
  private removeFiles(shas: readonly string[]): void {
    for (const sha of shas) {
      try {
        this.blobs.removeFile(sha);
      } catch {
        // Left behind; see above.
      }
    }
  }
}
