import type { Issue } from '../../src-shared/domain/issue.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import { recordAudit } from '../store/audit-log.js';
import type { BatchSummary } from '../store/batches-repo.js';
import { listPersons } from '../store/persons-repo.js';
import { insertCurrentPhoto, photoHistory, type StoredPhoto } from '../store/photos-repo.js';
import { BlobStore } from '../blobs/blob-store.js';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import { checkPhotos } from './check-photos.js';
import { listPhotoFiles } from './photo-files.js';
import { oneClickFixable } from './one-click-fixable.js';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * 照片导入: photos for a batch's people from a folder or many files. Each matched, readable photo is
 * stored content-addressed and becomes the person's current photo; a replaced photo stays in the
 * history. Importing the same photo again changes nothing. Photos that cannot be decoded are not
 * attached (the clerk is told why).
 */

export type { StoredPhoto };

export interface PhotoImportResult {
  attached: number;
  replaced: number;
  unchanged: number;
  /** Matched to a person but unusable (cannot be decoded); not attached. */
  rejected: Array<{ fileName: string; personId: number; issues: Issue[] }>;
  unmatched: Array<{ fileName: string; issue: Issue }>;
  missing: Array<{ personId: number; name: string; idNumber: string; issue: Issue }>;
  /** Attached photos that still have findings against the spec. */
  withFindings: number;
  /**
   * Every matched photo with an error, whose it is and what is wrong: attached ones (which count as the
   * person's findings until fixed) and unusable ones. `fixable`: 一键修正 can make it fit.
   */
  findings: PhotoFinding[];
}

export interface PhotoFinding {
  fileName: string;
  personId: number;
  name: string;
  idNumber: string;
  issues: Issue[];
  attached: boolean;
  fixable: boolean;
}

export class PhotoLockedError extends CodedError<'not_editable'> {
  override name = 'PhotoLockedError';
  constructor(message: string) {
    super('not_editable', message, { userFacing: true });
  }
}

export class PhotoService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly actor: Actor,
  ) {}

  async importPhotos(batch: BatchSummary, inputs: readonly string[], spec: PhotoSpec, onProgress?: (done: number, total: number) => void): Promise<PhotoImportResult> {
    if (batch.status !== 'draft') throw new PhotoLockedError(`批次 ${batch.number} 已提交，不能再导入照片。被退回人员的照片请在“人员退回”中更换。`);
    const people = listPersons(this.db, batch.id);
    const files = listPhotoFiles(inputs);
    const check = await checkPhotos(
      files,
      people.map((p) => ({ key: p.id, photo: p.fields.photo, idNumber: p.fields.idNumber })),
      spec,
      { keepBytes: true, ...(onProgress ? { onProgress } : {}) },
    );
    const result: PhotoImportResult = { attached: 0, replaced: 0, unchanged: 0, rejected: [], unmatched: [], missing: [], withFindings: 0, findings: [] };
    const byId = new Map(people.map((p) => [p.id, p]));
    const finding = (c: (typeof check.photos)[number], attached: boolean) => {
      const p = byId.get(c.key)!;
      result.findings.push({ fileName: c.file.name, personId: p.id, name: p.fields.name, idNumber: p.fields.idNumber, issues: c.issues, attached, fixable: attached && oneClickFixable(c.inspection, spec) });
    };
    this.db.transaction(() => {
      for (const c of check.photos) {
        if (!c.bytes || !c.inspection?.readable) {
          result.rejected.push({ fileName: c.file.name, personId: c.key, issues: c.issues });
          finding(c, false);
          continue;
        }
        const type = sniffFileType(c.bytes.subarray(0, 32));
        const sha = this.blobs.put(c.bytes, FILE_TYPE_MIME[type], this.actor.now());
        const outcome = this.attach(c.key, sha, c.file.name, c.issues);
        result[outcome] += 1;
        if (c.issues.some((i) => i.severity === 'error')) {
          result.withFindings += 1;
          finding(c, true);
        }
      }
    }).immediate();
    // In the file's order of rows, as the person list shows them.
    const order = new Map(people.map((p, i) => [p.id, i]));
    result.findings.sort((a, b) => order.get(a.personId)! - order.get(b.personId)!);
    result.unmatched = check.unmatched.map((u) => ({ fileName: u.file.name, issue: u.issue }));
    // People who had a photo before this import are not "missing" one.
    for (const m of check.missing) {
      if (this.current(m.key)) continue;
      const p = byId.get(m.key)!;
      result.missing.push({ personId: p.id, name: p.fields.name, idNumber: p.fields.idNumber, issue: m.issue });
    }
    return result;
  }

  /** One person's new current photo (the person form), in its own transaction. */
  setCurrent(personId: number, sha: string, fileName: string, issues: Issue[]): 'attached' | 'replaced' | 'unchanged' {
    return this.db.transaction(() => this.attach(personId, sha, fileName, issues)).immediate();
  }

  /** Makes `sha` the person's current photo; the one it replaces stays as history. */
  private attach(personId: number, sha: string, fileName: string, issues: Issue[]): 'attached' | 'replaced' | 'unchanged' {
    const now = this.actor.now();
    const cur = this.current(personId);
    if (cur?.sha256 === sha) return 'unchanged';
    const photoId = insertCurrentPhoto(this.db, { personId, sha256: sha, fileName, issues }, now);
    recordAudit(this.db, this.actor, {
      action: cur ? 'photo.replace' : 'photo.add',
      entity: 'person',
      entityId: String(personId),
      field: 'photo',
      oldValue: cur?.fileName ?? '',
      newValue: fileName,
      detail: `照片 ${sha.slice(0, 12)}（记录 ${photoId}）`,
    });
    return cur ? 'replaced' : 'attached';
  }

  current(personId: number): StoredPhoto | undefined {
    return this.history(personId).find((p) => p.current);
  }

  /** Newest first. */
  history(personId: number): StoredPhoto[] {
    return photoHistory(this.db, personId);
  }
}
