import { CERTIFICATES_PER_UPLOAD, type CertificateUploadRequest, type CertificateUploadResponse } from '../../src-shared/contract/sync-certificates.js';
import { recordAudit } from '../store/audit-log.js';
import { localIso, type Actor } from '../store/clock.js';
import { markUploaded, passedPeople } from '../store/certificates-repo.js';
import type { Db } from '../store/open-store.js';
import { CERTIFICATE_PEOPLE_MAX } from '../../src-shared/contract/desktop-certificates-api.js';
import { CertificateError } from './certificates.js';

/**
 * 上传 (取证): the exam's saved numbers the server has not taken yet go out in requests of at most
 * CERTIFICATES_PER_UPLOAD; each answer is stored (uploaded_at) as soon as it arrives, so a cut line
 * after the first request loses nothing and sends nothing twice (the server answers a repeat as
 * unchanged). Offline, or refused, the numbers stay saved here and the error says why in Chinese.
 */

export interface CertificateSender {
  uploadCertificates(body: CertificateUploadRequest): Promise<CertificateUploadResponse>;
}

export async function uploadNumbers(db: Db, actor: Actor, sender: CertificateSender, examId: number | null): Promise<{ uploaded: number; unchanged: number }> {
  const pending = passedPeople(db, CERTIFICATE_PEOPLE_MAX).filter((p) => p.examId === examId && p.certNo !== null && p.uploadedAt === '');
  if (pending.length === 0) throw new CertificateError('certificate.nothing', '没有要上传的证件号：请先“生成编号”并保存，已上传的不会重复上传。');
  let uploaded = 0;
  let unchanged = 0;
  for (let i = 0; i < pending.length; i += CERTIFICATES_PER_UPLOAD) {
    const part = pending.slice(i, i + CERTIFICATES_PER_UPLOAD);
    const answer = await sender.uploadCertificates({
      certificates: part.map((p) => ({ batchId: p.batchId, personKey: String(p.personId), certNo: p.certNo!, validFrom: p.validFrom!, validTo: p.validTo! })),
    });
    db.transaction(() => {
      const at = localIso(actor.now());
      for (const c of answer.certificates) markUploaded(db, Number(c.personKey), c.certNo, at);
      recordAudit(db, actor, { action: 'certificate.upload', entity: 'batch', entityId: part[0]!.batchId, detail: `上传证件号 ${answer.saved} 个（已在服务器 ${answer.unchanged} 个）` });
    }).immediate();
    uploaded += answer.saved;
    unchanged += answer.unchanged;
  }
  return { uploaded, unchanged };
}
