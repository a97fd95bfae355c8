import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';
import { PersonPhotos } from '../photos/person-photo.js';
import { photoSpecInForce } from '../sync/reference-store.js';
import { getAppSetting } from '../store/app-settings.js';
import { personDetail } from './person-detail.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

type PhotosMethod = 'photos.import' | 'photos.attach' | 'photos.fix' | 'photos.preview';

/** 照片导入 for a batch, and the person form's photo: 选择照片, 一键修正, the preview. */
export function photosHandlers(d: Pick<DesktopDeps, 'db' | 'actor' | 'registration' | 'photos' | 'blobs' | 'progress'>): ImplFor<PhotosMethod> {
  const { db, photos, progress } = d;
  const personPhotos = new PersonPhotos(photos, d.blobs);
  const spec = () => photoSpecInForce(db, getAppSetting(db, 'app.photoSpec')).spec;
  const detail = (id: number) => personDetail(db, d.registration(), photos, id);

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
          findings: r.findings.map((f) => ({
            fileName: f.fileName, personId: f.personId, name: f.name, idNumber: f.idNumber,
            messages: f.issues.filter((i) => i.severity === 'error').map((i) => i.message), attached: f.attached, fixable: f.fixable,
          })),
        };
      } finally {
        progress.done('photos');
      }
    },
    'photos.attach': async (i) => {
      const reg = d.registration();
      reg.assertEditable(i.personId);
      // A returned person's new photo is only saved: 重新提交 (persons.resubmit) sends it.
      await personPhotos.attachFile(i.personId, i.file, spec(), d.actor.now());
      return detail(i.personId);
    },
    'photos.fix': async (i) => {
      const reg = d.registration();
      const p = reg.assertEditable(i.personId);
      const r = await personPhotos.fixCurrent(i.personId, spec(), p.fields.idNumber, d.actor.now());
      return { person: detail(i.personId), changed: r.changed, actions: r.actions, unfixable: r.unfixable.map((u) => u.message) };
    },
    'photos.preview': (i) => {
      const cur = photos.current(i.personId);
      if (!cur) return { dataUrl: null };
      const bytes = d.blobs.read(cur.sha256);
      const mime = FILE_TYPE_MIME[sniffFileType(bytes.subarray(0, 32))];
      return { dataUrl: `data:${mime};base64,${bytes.toString('base64')}` };
    },
  };
}
