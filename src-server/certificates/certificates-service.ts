import { chineseDay } from '../../src-shared/exam-status.js';
import { certificateValidity, scoreSaysPassed } from '../../src-shared/rules/certificate-validity.js';
import type { CertificateUploadRequest, CertificateUploadResponse, StoredCertificate } from '../../src-shared/contract/sync-certificates.js';
import { recordAudit } from '../db/audit.js';
import { transaction, type Sql } from '../db/sql.js';
import { ApiError } from '../errors.js';
import { certificateOfPerson, examAnnouncement, findBatchPerson, holderOfNumber, insertCertificate, scorePassedTexts } from './certificates-store.js';

/**
 * 上传证件号 (取证): a unit's numbers for its passed people. The server trusts none of it: the person must
 * be of the caller's unit and finally approved, with a passed score; the validity is computed again from
 * the exam's 公告 date and the person's own birth date and gender (capped at retirement); a number is
 * unique across all units. One refusal and nothing is stored (one transaction).
 */

export interface CertificateUploader {
  userId: number;
  name: string;
  unitId: number;
  ip: string;
  now: Date;
}

const who = (name: string, idNumber: string) => `${name}（${idNumber}）`;

export async function uploadCertificates(db: Sql, req: CertificateUploadRequest, u: CertificateUploader): Promise<CertificateUploadResponse> {
  const at = u.now.toISOString();
  return transaction(db, async (t) => {
    let saved = 0;
    let unchanged = 0;
    const out: StoredCertificate[] = [];
    const audited: Array<{ personId: number; certNo: string }> = [];
    for (const item of req.certificates) {
      const p = await findBatchPerson(t, item.batchId, item.personKey);
      if (!p || p.unitId !== u.unitId) {
        throw new ApiError(400, 'request.invalid', `上传的人员（批次 ${item.batchId.slice(0, 8)}…，编号 ${item.personKey}）不是本单位报名的人员，或批次还没有提交到服务器。请先“同步”，再刷新“取证”页面后重新上传。`);
      }
      if (p.status !== 'approved') {
        throw new ApiError(422, 'certificate.not_passed', `${who(p.name, p.idNumber)}还没有通过审核，不能取证。`);
      }
      if (!(await scorePassedTexts(t, p)).some(scoreSaysPassed)) {
        throw new ApiError(422, 'certificate.not_passed', `${who(p.name, p.idNumber)}没有考试合格的成绩，不能取证。请核对“考试信息”中的成绩。`);
      }
      const exam = p.examId === null ? undefined : await examAnnouncement(t, p.examId);
      if (!exam) throw new ApiError(400, 'request.invalid', `${who(p.name, p.idNumber)}所在的批次没有对应的考试，无法确定有效期。请联系管理员。`);
      if (!exam.resultsAnnouncedOn) {
        throw new ApiError(400, 'request.invalid', `${exam.name}还没有填写成绩合格确认公告日期，有效期无法起算。请等管理员填写后“同步”，再上传。`);
      }
      const v = certificateValidity({ announcedOn: exam.resultsAnnouncedOn, birthDate: p.fields.birthDate, gender: p.fields.gender, name: p.name });
      if (!v.ok) throw new ApiError(400, 'request.invalid', v.message);
      if (item.validFrom !== v.validFrom || item.validTo !== v.validTo) {
        throw new ApiError(
          400,
          'request.invalid',
          `${who(p.name, p.idNumber)}的有效期应为 ${chineseDay(v.validFrom)} 至 ${chineseDay(v.validTo)}${v.cappedByRetirement ? '（到退休日期为止）' : '（公告之日起 5 年）'}，上传的是 ${item.validFrom} 至 ${item.validTo}。请“同步”后刷新“取证”页面，再上传。`,
        );
      }
      const existing = await certificateOfPerson(t, p.personId);
      if (existing) {
        if (existing.certNo !== item.certNo) {
          throw new ApiError(409, 'certificate.changed', `${who(p.name, p.idNumber)}已上传过证件号 ${existing.certNo}，不能改为 ${item.certNo}。如确需更改，请联系管理员。`);
        }
        unchanged++;
        out.push({ batchId: item.batchId, personKey: item.personKey, certNo: existing.certNo, validFrom: existing.validFrom, validTo: existing.validTo, uploadedAt: existing.uploadedAt });
        continue;
      }
      const holder = await holderOfNumber(t, item.certNo);
      if (holder !== undefined) {
        throw new ApiError(409, 'certificate.duplicate', `证件号 ${item.certNo} 已被使用，不能重复。请修改编号规则或起始序号，重新生成后再上传。`);
      }
      await insertCertificate(t, { personId: p.personId, unitId: u.unitId, examId: exam.id, certNo: item.certNo, validFrom: v.validFrom, validTo: v.validTo, by: u.userId, at });
      audited.push({ personId: p.personId, certNo: item.certNo });
      saved++;
      out.push({ batchId: item.batchId, personKey: item.personKey, certNo: item.certNo, validFrom: v.validFrom, validTo: v.validTo, uploadedAt: at });
    }
    if (audited.length > 0) {
      await recordAudit(t, { at: u.now, actorUserId: u.userId, actor: u.name, action: 'certificate.upload', entity: 'unit', entityId: u.unitId, detail: { count: audited.length, certificates: audited }, ip: u.ip });
    }
    return { saved, unchanged, certificates: out };
  });
}
