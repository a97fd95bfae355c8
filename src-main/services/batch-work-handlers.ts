import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import type { Db } from '../store/open-store.js';
import type { Actor } from '../store/clock.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { PhotoService } from '../photos/photo-service.js';
import { PersonPhotos } from '../photos/person-photo.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import { photoSpecInForce } from '../sync/reference-store.js';
import { getAppSetting } from '../store/app-settings.js';
import { queryFindings } from '../store/findings-query.js';
import type { ProgressHub } from './progress-hub.js';
import type { RegistrationService } from './registration-service.js';
import { personDetail } from './person-detail.js';
import type { ImplFor } from './handler-types.js';

type BatchWorkMethod =
  | 'photos.import' | 'photos.attach' | 'photos.fix' | 'photos.preview'
  | 'evidence.list' | 'evidence.add' | 'evidence.remove'
  | 'findings.list' | 'report.write';

export interface BatchWorkDeps {
  db: Db;
  actor: Actor;
  registration: () => RegistrationService;
  photos: PhotoService;
  blobs: BlobStore;
  evidence: EvidenceService;
  progress: ProgressHub;
  /** A returned person's new photo may have queued them to go out again. */
  kickOutbox?: () => void;
}

/** 人员导入's buttons beyond the import itself: 照片导入, the person form's photo, 佐证资料, findings, 问题清单. */
export function batchWorkHandlers(d: BatchWorkDeps): ImplFor<BatchWorkMethod> {
  const { db, photos, evidence, progress } = d;
  const personPhotos = new PersonPhotos(photos, d.blobs);
  const spec = () => photoSpecInForce(db, getAppSetting(db, 'app.photoSpec')).spec;
  const detail = (id: number) => personDetail(db, d.registration(), photos, id);
  const evidenceView = (e: ReturnType<EvidenceService['list']>[number]) => ({ id: e.id, fileName: e.fileName, kind: e.kind, size: e.size, mime: e.mime, createdAt: e.createdAt });

  return {
    'photos.import': async (i) => {
      const batch = d.registration().getBatch(i.batchId);
      try {
        const r = await photos.importPhotos(batch, i.paths, spec(), (done, total) => progress.report('photos', done, total, `正在检查照片 ${done}/${total}…`));
        return {
          attached: r.attached, replaced: r.replaced, unchanged: r.unchanged, withFindings: r.withFindings,
          rejected: r.rejected.map((x) => ({ fileName: x.fileName, message: x.issues[0]?.message ?? '照片无法打开。' })),
          unmatched: r.unmatched.map((x) => ({ fileName: x.fileName, message: x.issue.message })),
          missing: r.missing.map((x) => ({ personId: x.personId, name: x.name, idNumber: x.idNumber })),
        };
      } finally {
        progress.done('photos');
      }
    },
    'photos.attach': async (i) => {
      const reg = d.registration();
      reg.assertEditable(i.personId);
      const photo = await personPhotos.attachFile(i.personId, i.file, spec(), d.actor.now());
      reg.photoChanged(i.personId, photo.issues);
      d.kickOutbox?.();
      return detail(i.personId);
    },
    'photos.fix': async (i) => {
      const reg = d.registration();
      const p = reg.assertEditable(i.personId);
      const r = await personPhotos.fixCurrent(i.personId, spec(), p.fields.idNumber, d.actor.now());
      if (r.changed) {
        reg.photoChanged(i.personId, r.photo.issues);
        d.kickOutbox?.();
      }
      return { person: detail(i.personId), changed: r.changed, actions: r.actions, unfixable: r.unfixable.map((u) => u.message) };
    },
    'photos.preview': (i) => {
      const cur = photos.current(i.personId);
      if (!cur) return { dataUrl: null };
      const bytes = d.blobs.read(cur.sha256);
      const mime = FILE_TYPE_MIME[sniffFileType(bytes.subarray(0, 32))];
      return { dataUrl: `data:${mime};base64,${bytes.toString('base64')}` };
    },
    'evidence.list': (i) => evidence.list(d.registration().getBatch(i.batchId).id).map(evidenceView),
    'evidence.add': (i) => evidenceView(evidence.add(d.registration().getBatch(i.batchId), i.file, i.kind)),
    'evidence.remove': (i) => {
      evidence.remove(d.registration().getBatch(i.batchId), i.evidenceId);
      return { ok: true as const };
    },
    'findings.list': (i) => queryFindings(db, { batchId: d.registration().getBatch(i.batchId).id, onlyErrors: i.onlyErrors, offset: i.offset, limit: i.limit }),
    'report.write': async (i) => {
      const r = await d.registration().writeErrorReport(i.batchId, i.file);
      return { file: i.file, rows: r.rows, errors: r.errors, fixed: r.fixed };
    },
  };
}
