import { certificatesView, clearUnuploaded, previewNumbers, saveNumbers } from '../certificates/certificates.js';
import { uploadNumbers } from '../certificates/certificate-upload.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 取证: passed people and their numbers, the preview, saving, and 上传 (src-shared/contract/desktop-certificates-api.ts). */
export function certificatesHandlers({ db, actor, sync }: Pick<DesktopDeps, 'db' | 'actor' | 'sync'>): ImplFor<'certificates.list' | 'certificates.preview' | 'certificates.save' | 'certificates.clear' | 'certificates.upload'> {
  return {
    'certificates.list': () => certificatesView(db),
    'certificates.preview': (req) => previewNumbers(db, req),
    'certificates.save': (req) => saveNumbers(db, actor, req),
    'certificates.clear': ({ examId }) => clearUnuploaded(db, actor, examId),
    'certificates.upload': ({ examId }) => uploadNumbers(db, actor, sync, examId),
  };
}
