import { z } from 'zod';
import { certNumberProblem } from '../cert-number-pattern.js';
import { personKeySchema } from './sync-batches.js';
import { UUID_PATTERN } from './sync-common.js';

/**
 * 取证 (issue 19 item 5; Fujian notes ⑥ and ⑨): after the exam a unit numbers its passed people by its
 * own rule and uploads the numbers; the certificate office gets the 取证名单.
 *
 *   POST /api/v1/certificates                 (unit) body CertificateUploadRequest -> CertificateUploadResponse
 *       Each person is named as the batch push named them (batch UUID + the desktop's person key). All or
 *       nothing: one refusal and nothing is stored.
 *       400 request.invalid   bad input; a number twice in the request; a person not of the caller's unit;
 *                             validFrom/validTo not what the server computes (公告 date + 5 years, ended
 *                             by retirement); the exam has no 公告 date yet
 *       409 certificate.duplicate   the number is already used (by any unit; the message names the number only)
 *       409 certificate.changed     the person already has another number on the server
 *       422 certificate.not_passed  the person has no passed exam score (or is not finally approved)
 *   GET /api/v1/exports/certificates.xlsx?examId=   (admin) the 取证名单 of one exam as .xlsx
 *       (姓名、身份证号、性别、单位、执法类别…、证件号、有效期起止), at most CERTIFICATES_EXPORTED rows.
 */

export const CERTIFICATES_PER_UPLOAD = 2000;
export const CERTIFICATES_EXPORTED = 50_000;
export const CERTIFICATE_EXPORT_PATH = '/exports/certificates.xlsx';

const isoDate = (what: string) => z.string({ error: `请填写${what}。` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${what}应写成 年-月-日（如 2031-12-01）。`);

export const certificateNumberSchema = z
  .string({ error: '请填写证件号。' })
  .trim()
  .superRefine((s, ctx) => {
    const problem = certNumberProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const certificateUploadItemSchema = z.object({
  batchId: z
    .string({ error: '批次编号缺失。' })
    .regex(UUID_PATTERN, '批次编号应为报名助手生成的 UUID，请升级报名助手到最新版本后重试。')
    .transform((s) => s.toLowerCase()),
  personKey: personKeySchema,
  certNo: certificateNumberSchema,
  validFrom: isoDate('有效期起始日'),
  validTo: isoDate('有效期截止日'),
});
export type CertificateUploadItem = z.infer<typeof certificateUploadItemSchema>;

export const certificateUploadRequestSchema = z.object({
  certificates: z
    .array(certificateUploadItemSchema, { error: '请给出要上传的证件号列表。' })
    .min(1, '没有要上传的证件号。')
    .max(CERTIFICATES_PER_UPLOAD, `一次最多上传 ${CERTIFICATES_PER_UPLOAD} 个证件号，请分几次上传。`)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      for (const c of list) {
        if (seen.has(c.certNo)) {
          ctx.addIssue({ code: 'custom', message: `证件号 ${c.certNo} 在这次上传中出现了两次，每人的证件号必须不同，请重新生成编号。` });
          return;
        }
        seen.add(c.certNo);
      }
      const people = new Set<string>();
      for (const c of list) {
        const k = `${c.batchId}/${c.personKey}`;
        if (people.has(k)) {
          ctx.addIssue({ code: 'custom', message: '同一个人在这次上传中出现了两次，请刷新“取证”页面后重新上传。' });
          return;
        }
        people.add(k);
      }
    }),
});
export type CertificateUploadRequest = z.infer<typeof certificateUploadRequestSchema>;

export const storedCertificateSchema = z.object({
  batchId: z.string(),
  personKey: z.string(),
  certNo: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** ISO 8601 (UTC): when the server first stored this number. */
  uploadedAt: z.string(),
});
export type StoredCertificate = z.infer<typeof storedCertificateSchema>;

export const certificateUploadResponseSchema = z.object({
  /** Newly stored. */
  saved: z.number().int(),
  /** The same number for the same person again: nothing changed. */
  unchanged: z.number().int(),
  /** Every certificate of the request as the server keeps it, in the request's order. */
  certificates: z.array(storedCertificateSchema),
});
export type CertificateUploadResponse = z.infer<typeof certificateUploadResponseSchema>;

export const certificateExportQuerySchema = z.object({
  examId: z.coerce
    .number({ error: '请选择要导出取证名单的考试（examId）。' })
    .int('考试编号（examId）应为正整数。')
    .positive('考试编号（examId）应为正整数。'),
});
export type CertificateExportQuery = z.infer<typeof certificateExportQuerySchema>;
