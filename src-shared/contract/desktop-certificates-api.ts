import { z } from 'zod';
import { CERT_PATTERN_MAX, UNIT_CODE_MAX } from '../cert-number-pattern.js';

/**
 * 取证 on the desktop (issue 19 item 5; Fujian notes ⑥ and ⑨): the unit's passed people by exam, its
 * certificate-number rule, a preview of the numbers, saving them here, and 上传 to the server. Spread
 * into DESKTOP_API; implemented in src-main/services/certificates-handlers.ts.
 *
 * Passed: finally approved here and an imported exam score of the same ID number whose 是否通过 says
 * passed (src-shared/rules/certificate-validity.ts). Numbers once saved are never renumbered: a new
 * preview numbers only the people without one.
 */

/** At most this many passed people are listed (and numbered in one go). */
export const CERTIFICATE_PEOPLE_MAX = 5000;
export const CERT_SEQ_MAX = 99_999_999;

export const certificateRuleSchema = z.object({
  /** The pattern (src-shared/cert-number-pattern.ts), e.g. {单位代码}{年份}{序号:4}. */
  pattern: z.string({ error: '请填写编号规则。' }).max(CERT_PATTERN_MAX, `编号规则太长（最多 ${CERT_PATTERN_MAX} 个字符），请精简。`),
  unitCode: z.string({ error: '单位代码应为文字。' }).trim().max(UNIT_CODE_MAX, `单位代码太长（最多 ${UNIT_CODE_MAX} 位），请检查。`),
  /** The first sequence number of the next numbering. */
  start: z
    .number({ error: '起始序号应为正整数。' })
    .int('起始序号应为正整数。')
    .min(1, '起始序号从 1 开始。')
    .max(CERT_SEQ_MAX, `起始序号最大为 ${CERT_SEQ_MAX}。`),
});
export type CertificateRule = z.infer<typeof certificateRuleSchema>;

export const certificatePersonSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  agency: z.string(),
  batchNumber: z.string(),
  /** 考试成绩 of the passed score. */
  score: z.string(),
  /** '' until numbered. */
  certNo: z.string(),
  /** The validity by the exam's 公告 date ('' while the date is unknown or the person cannot get one). */
  validFrom: z.string(),
  validTo: z.string(),
  /** The end is the retirement date (less than five years left). */
  cappedByRetirement: z.boolean(),
  /** Why the person cannot be numbered now ('' when they can): no 公告 date yet, retired before it … */
  problem: z.string(),
  /** When the server took the number (local time; '' not yet). */
  uploadedAt: z.string(),
});
export type CertificatePerson = z.infer<typeof certificatePersonSchema>;

export const certificateGroupSchema = z.object({
  /** The exam of the people's batches; null for batches without one. */
  examId: z.number().int().nullable(),
  examName: z.string(),
  /** 成绩合格确认公告 date as the server last sent it; null until known. */
  resultsAnnouncedOn: z.string().nullable(),
  people: z.array(certificatePersonSchema),
  numbered: z.number().int(),
  uploaded: z.number().int(),
});
export type CertificateGroup = z.infer<typeof certificateGroupSchema>;

export const certificatesViewSchema = z.object({
  /** The rule last saved (or the default), with the next free sequence number as `start`. */
  rule: certificateRuleSchema,
  groups: z.array(certificateGroupSchema),
  /** More passed people than CERTIFICATE_PEOPLE_MAX: the list stops there. */
  truncated: z.boolean(),
});
export type CertificatesView = z.infer<typeof certificatesViewSchema>;

const examChoice = z.number({ error: '请选择考试。' }).int('请选择考试。').positive('请选择考试。').nullable();

export const certificateNumberingRequestSchema = certificateRuleSchema.extend({ examId: examChoice });
export type CertificateNumberingRequest = z.infer<typeof certificateNumberingRequestSchema>;

export const certificatePreviewSchema = z.object({
  /** The people without a number, with the number they would get, in list order. */
  rows: z.array(z.object({ personId: z.number().int(), name: z.string(), idNumber: z.string(), certNo: z.string(), validFrom: z.string(), validTo: z.string(), cappedByRetirement: z.boolean() })),
  /** Already numbered (kept as they are). */
  kept: z.number().int(),
  /** Passed but not numberable now (see each person's problem). */
  waiting: z.number().int(),
});
export type CertificatePreview = z.infer<typeof certificatePreviewSchema>;

export const DESKTOP_CERTIFICATES_API = {
  /** 取证: passed people by exam with their numbers and validity, and the saved rule. */
  'certificates.list': { input: z.object({}).strict().optional(), output: certificatesViewSchema },
  /** 预览: the numbers the rule would give the people without one; changes nothing. */
  'certificates.preview': { input: certificateNumberingRequestSchema, output: certificatePreviewSchema },
  /** 保存编号: the previewed numbers kept here (and the rule, with the next sequence number). */
  'certificates.save': { input: certificateNumberingRequestSchema, output: z.object({ saved: z.number().int() }) },
  /**
   * 清除未上传的编号: the exam's saved numbers the server has not taken are dropped (asked for by the clerk,
   * e.g. after the server refused one as used by another unit), so they can be generated again; uploaded
   * numbers stay.
   */
  'certificates.clear': { input: z.object({ examId: examChoice }), output: z.object({ cleared: z.number().int() }) },
  /** 上传: the saved numbers not yet on the server; offline they stay here for the next try. */
  'certificates.upload': {
    input: z.object({ examId: examChoice }),
    output: z.object({ uploaded: z.number().int(), unchanged: z.number().int() }),
  },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
