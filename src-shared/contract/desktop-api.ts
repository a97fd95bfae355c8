import { z } from 'zod';
import { batchKindSchema, fieldKeySchema, personFieldsSchema } from '../domain/person.js';
import { issueSchema, severitySchema } from '../domain/issue.js';
import { evidenceKindSchema } from '../domain/evidence.js';
import { DESKTOP_RECORDS_API } from './desktop-records-api.js';
import { DESKTOP_TRAINING_API } from './desktop-training-api.js';
import { DESKTOP_REFERENCE_API } from './desktop-reference-api.js';
import { DESKTOP_ACCOUNT_API } from './desktop-account-api.js';
import { DESKTOP_CERTIFICATES_API } from './desktop-certificates-api.js';
import { DESKTOP_EXAM_TASKS_API, examChoiceSchema } from './desktop-exam-tasks-api.js';
import { DESKTOP_PAYMENTS_API } from './desktop-payments-api.js';
import { DESKTOP_UPDATES_API } from './desktop-updates-api.js';
import { clientErrorSchema } from './client-error.js';

export { clientErrorSchema };

/**
 * The renderer <-> main contract (DESIGN.md): one entry per method, its input and its output as zod
 * schemas. The Electron preload exposes one function per entry, the web bridge one HTTP route per
 * entry; main parses every input as `unknown` with these schemas. Every call answers a Result — an
 * error is data with a Chinese message, never an exception thrown across the boundary.
 */

export const desktopErrorSchema = z.object({
  /** Stable: not_found, invalid_input, not_editable, not_ready, sync.*, internal … */
  code: z.string(),
  /** Chinese; says what to do next. */
  message: z.string(),
});
export type DesktopError = z.infer<typeof desktopErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: DesktopError };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: desktopErrorSchema })]);
}

// ---------------------------------------------------------------------------------------------------
// Shapes

export const batchStatusSchema = z.enum(['draft', 'ready', 'submitted', 'closed']);
export const personStatusSchema = z.enum(['draft', 'submitted', 'county_approved', 'approved', 'rejected']);

/** The words the screens and the CLI use for each status: the one table in status-words.ts. */
export { BATCH_STATUS_WORDS as BATCH_STATUS_LABEL, PERSON_STATUS_WORDS as PERSON_STATUS_LABEL } from '../status-words.js';

export const batchSummarySchema = z.object({
  id: z.string(),
  kind: batchKindSchema,
  name: z.string(),
  number: z.string(),
  unit: z.string(),
  parentUnit: z.string(),
  status: batchStatusSchema,
  sourceFile: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  persons: z.number().int(),
  /** People with an error in their row or their photo; no photo yet counts (they cannot be submitted). */
  invalid: z.number().int(),
  /** Of all people, those without a photo yet (for the words: 照片导入 is the next step). */
  noPhoto: z.number().int(),
  /** The exam task the batch registers for (GET /reference's exams; issue 19); null before any was known. */
  examId: z.number().int().nullable(),
  /** That exam's name as the batch got it ('' without one). */
  examName: z.string(),
});
export type BatchSummaryView = z.infer<typeof batchSummarySchema>;

/** One row of a person list: what the table shows, without the raw cells. */
export const personRowSchema = z.object({
  id: z.number().int(),
  batchId: z.string(),
  rowNumber: z.number().int().nullable(),
  name: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  agency: z.string(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  status: personStatusSchema,
  pendingAt: z.string(),
  reviewComment: z.string(),
  /** In a batch that went out without the server's answer stored: 待确认 (lists only; the form asks the queue). */
  unconfirmed: z.boolean().optional(),
  /** Of errorCount, the photo's: its findings, or 1 when there is none yet (lists only). */
  photoErrors: z.number().int().optional(),
  /** Whether there is a photo at all (lists only): without one the 问题 column says 缺少照片. */
  hasPhoto: z.boolean().optional(),
});
export type PersonRow = z.infer<typeof personRowSchema>;

export const reviewRecordSchema = z.object({
  version: z.number().int(),
  level: z.enum(['county', 'city']),
  /** Set for a decision of the province chain (部门法制机构 / 省级); absent for a county or city bureau's. */
  kind: z.enum(['department', 'province']).optional(),
  result: z.enum(['approved', 'rejected']),
  comment: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
});

export const personDetailSchema = personRowSchema.extend({
  fields: personFieldsSchema,
  issues: z.array(issueSchema),
  serverVersion: z.number().int(),
  resubmit: z.boolean(),
  photo: z.object({ sha256: z.string(), fileName: z.string(), issues: z.array(issueSchema) }).nullable(),
  reviewRecords: z.array(reviewRecordSchema),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const personQuerySchema = z.object({
  batchId: z.string().optional(),
  /** Matches the start of the ID number or any part of the name. */
  text: z.string().trim().max(40).optional(),
  status: personStatusSchema.optional(),
  onlyErrors: z.boolean().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type PersonQuery = z.input<typeof personQuerySchema>;

export const personPageSchema = z.object({ total: z.number().int(), rows: z.array(personRowSchema) });
export type PersonPage = z.infer<typeof personPageSchema>;

/** What the clerk typed into the form: text per template field. */
export const personInputSchema = z.partialRecord(fieldKeySchema, z.string().max(500));

export const syncStatusViewSchema = z.object({
  serverUrl: z.string(),
  /** `mustChangePassword`: signed in with a first (or reset) password; the server takes nothing else until it is changed (需修改密码). */
  signedIn: z.object({ username: z.string(), expiresAt: z.string(), mustChangePassword: z.boolean() }).nullable(),
  /** The last answer from the server and the last failure to reach it (ISO UTC, '' for none), from any request. */
  contact: z.object({ okAt: z.string(), failedAt: z.string(), failure: z.string(), detail: z.string() }),
  /** What pulls brought back that the clerk has not opened yet; `since`: local ISO time, '' when nothing. */
  news: z.object({ rejected: z.number().int(), approved: z.number().int(), since: z.string(), trainingOpened: z.number().int().optional() }),
  /** A pull runs now (in the background or asked for). */
  pulling: z.boolean(),
  /** Open push jobs. `interrupted`: running under a lease that passed (nobody is pushing it now). */
  queue: z.array(
    z.object({
      id: z.number().int(),
      batchId: z.string(),
      batchNumber: z.string(),
      state: z.enum(['queued', 'running', 'interrupted', 'paused', 'failed']),
      /** Files the server is known to have. */
      filesDone: z.number().int(),
      filesTotal: z.number().int(),
      bytesDone: z.number().int(),
      bytesTotal: z.number().int(),
      errorMessage: z.string(),
      /** ISO UTC: when a queued job tries again. */
      nextAttemptAt: z.string(),
      /** Sent without a stored answer: its people are 待确认. */
      unconfirmed: z.boolean(),
    }),
  ),
  /** People per status, plus `unconfirmed` (待确认). */
  persons: z.record(z.string(), z.number().int()),
  studyAccounts: z.number().int(),
  /** When the last pull finished (local ISO time); '' before the first. */
  lastSyncAt: z.string(),
});

export const returnedSchema = z.object({
  personId: z.number().int(),
  batchId: z.string(),
  name: z.string(),
  idNumber: z.string(),
  comment: z.string(),
  reviewer: z.string(),
  reviewedAt: z.string(),
  /** 重新提交 done: queued to go out again, no longer editable. */
  resubmit: z.boolean(),
  /** Errors in the row and in its photo (no photo counts as one): 重新提交 waits for 0. */
  errorCount: z.number().int(),
});

// ---------------------------------------------------------------------------------------------------
// Methods

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}
const none = z.object({}).strict().optional();
const byBatch = z.object({ batchId: z.string().min(1, '请指定批次。') });
const byPerson = z.object({ personId: z.number({ error: '请指定人员。' }).int().positive() });

/** A path on this PC, chosen in a native dialog (the window) or given by the test. */
const filePath = z.string().trim().min(1, '请选择文件。').max(1000, '文件路径太长。');

export const importResultSchema = z.object({
  batch: batchSummarySchema,
  unchanged: z.boolean(),
  reimport: z.object({ updated: z.number().int(), added: z.number().int(), notInFile: z.number().int(), locked: z.number().int() }).optional(),
});

export const connectionInputSchema = z.object({
  serverUrl: z.string().optional(),
  proxy: z.string().optional(),
  caFile: z.string().optional(),
  timeoutSeconds: z.number().int().optional(),
});

export const pullResultSchema = z.object({
  decisions: z.number().int(),
  rejected: z.number().int(),
  approved: z.number().int(),
  studyAccounts: z.number().int(),
  studyRecords: z.number().int(),
  examScores: z.number().int(),
  referenceChanged: z.boolean(),
  newProblems: z.array(z.object({ personId: z.number().int(), name: z.string(), message: z.string() })),
});

export const progressEntrySchema = z.object({ task: z.string(), done: z.number(), total: z.number(), text: z.string(), updatedAt: z.number() });
export type ProgressEntryView = z.infer<typeof progressEntrySchema>;
const byJob = z.object({ jobId: z.number().int().positive() });

export const photoImportViewSchema = z.object({
  attached: z.number().int(),
  replaced: z.number().int(),
  unchanged: z.number().int(),
  withFindings: z.number().int(),
  /** Matched to a person but not usable: not attached. */
  rejected: z.array(z.object({ fileName: z.string(), message: z.string() })),
  unmatched: z.array(z.object({ fileName: z.string(), message: z.string() })),
  missing: z.array(z.object({ personId: z.number().int(), name: z.string(), idNumber: z.string() })),
  /** Every matched photo with an error, in the list's order: whose it is and what is wrong. */
  findings: z.array(
    z.object({
      fileName: z.string(),
      personId: z.number().int(),
      name: z.string(),
      idNumber: z.string(),
      /** The findings' messages, Chinese, each saying what to do. */
      messages: z.array(z.string()),
      /** Stored as the person's photo; false: it could not be read, the person keeps what they had. */
      attached: z.boolean(),
      /** 一键修正 in the person form can make it fit; otherwise a new photo is needed. */
      fixable: z.boolean(),
    }),
  ),
});

export const photoFixViewSchema = z.object({
  person: personDetailSchema,
  changed: z.boolean(),
  actions: z.array(z.string()),
  /** What the fix could not change, Chinese. */
  unfixable: z.array(z.string()),
});

export const evidenceViewSchema = z.object({ id: z.number().int(), fileName: z.string(), kind: evidenceKindSchema, size: z.number().int(), mime: z.string(), createdAt: z.string() });
export type EvidenceView = z.infer<typeof evidenceViewSchema>;

/** One person with something to look at: the findings table, a page of people at a time. */
export const findingRowSchema = z.object({
  personId: z.number().int(),
  rowNumber: z.number().int().nullable(),
  name: z.string(),
  idNumber: z.string(),
  issues: z.array(z.object({ field: z.string(), fieldLabel: z.string(), severity: severitySchema, code: z.string(), message: z.string() })),
});
export type FindingRow = z.infer<typeof findingRowSchema>;

export const settingsViewSchema = z.object({
  serverUrl: z.string(),
  proxy: z.string(),
  caFile: z.string(),
  timeoutSeconds: z.number().int(),
  /** The unit of the account last signed in, as the server names it. */
  unitName: z.string(),
  photoSpec: z.object({ name: z.string(), title: z.string() }),
  /** True once the server has sent its spec: it decides, the local choice no longer applies. */
  photoSpecFromServer: z.boolean(),
  photoSpecs: z.array(z.object({ name: z.string(), title: z.string() })),
  /** The file-type words of the spec in force (photo-file-words.ts), for the window's hints: "PNG", ".png". */
  photoFiles: z.object({ formats: z.string(), extension: z.string(), example: z.string() }),
});

/** A batch 删除 removes: its people, their current photos, its evidence files. */
export const batchDeletionSchema = z.object({
  batchId: z.string(),
  number: z.string(),
  name: z.string(),
  persons: z.number().int(),
  photos: z.number().int(),
  evidence: z.number().int(),
});

export const DESKTOP_API = {
  /** The window's own failures, for the desktop log (出错了，已记录). */
  'app.reportError': method(clientErrorSchema, z.object({ ok: z.literal(true) })),
  'batches.list': method(none, z.array(batchSummarySchema)),
  'batches.get': method(byBatch, batchSummarySchema),
  /** What 删除 would remove (for the confirmation); refuses, as 删除 would, a batch that is queued or sent. */
  'batches.deletePreview': method(byBatch, batchDeletionSchema),
  /** 删除: a draft batch with its people, their photos and its evidence, from this PC. */
  'batches.delete': method(byBatch, batchDeletionSchema),
  'persons.query': method(personQuerySchema, personPageSchema),
  'persons.get': method(byPerson, personDetailSchema),
  /** 添加: to the batch given, or without one to a new draft batch of the clerk's unit. */
  'persons.add': method(z.object({ batchId: z.string().min(1).optional(), fields: personInputSchema, examId: examChoiceSchema }), personDetailSchema),
  'persons.update': method(byPerson.extend({ fields: personInputSchema }), personDetailSchema),
  /** 删除: a draft person (never queued or sent) with their photos, from this PC. */
  'persons.delete': method(byPerson, z.object({ personId: z.number().int(), batchId: z.string(), name: z.string(), idNumber: z.string() })),
  /** The form's live findings for what is typed now; nothing is saved. */
  'persons.check': method(z.object({ batchId: z.string().min(1).optional(), personId: z.number().int().positive().optional(), fields: personInputSchema }), z.array(issueSchema)),
  /** 重新提交: a returned person, saved without errors, goes out again (queued); nothing else sends them. */
  'persons.resubmit': method(byPerson, personDetailSchema),
  'returned.list': method(none, z.array(returnedSchema)),
  'sync.status': method(none, syncStatusViewSchema),
  'sync.submit': method(byBatch, z.object({ jobId: z.number().int() })),
  'sync.configure': method(connectionInputSchema, z.object({ serverUrl: z.string(), proxy: z.string(), caFile: z.string() })),
  'sync.login': method(
    z.object({ username: z.string().trim().min(1, '请填写用户名。'), password: z.string().min(1, '请填写密码。') }),
    z.object({ mustChangePassword: z.boolean(), displayName: z.string(), unitName: z.string() }),
  ),
  'sync.changePassword': method(z.object({ oldPassword: z.string().min(1, '请填写原密码。'), newPassword: z.string().min(1, '请填写新密码。') }), z.object({ ok: z.literal(true) })),
  /** 同步: a pull now (the one running in the background if there is one). */
  'sync.pull': method(none, pullResultSchema),
  /** The clerk has seen what came back: the notice goes until the next pull brings something. */
  'sync.seenNews': method(none, z.object({ ok: z.literal(true) })),
  'sync.logout': method(none, z.object({ ok: z.literal(true) })),
  /** 暂停 / 继续 a queued upload; false when the job was no longer in that state. */
  'sync.pause': method(byJob, z.object({ changed: z.boolean() })),
  'sync.resume': method(byJob, z.object({ changed: z.boolean() })),
  /** 撤回: a push not sent yet is taken back, its batch 填报中 again; refused once it is uploading or sent. */
  'sync.withdraw': method(byJob, z.object({ batchId: z.string(), batchNumber: z.string() })),
  /** Long jobs in flight (import, photos, upload, pull); the window polls it or gets it pushed. */
  'progress.current': method(none, z.array(progressEntrySchema)),
  'settings.get': method(none, settingsViewSchema),
  'settings.setPhotoSpec': method(z.object({ name: z.string().min(1, '请选择照片规格。') }), settingsViewSchema),
  /** 照片导入: a folder or files for a batch's people, matched by 身份证号 or the 照片 column. */
  'photos.import': method(byBatch.extend({ paths: z.array(filePath).min(1, '请选择照片文件夹或照片文件。').max(5000, '一次最多选择 5000 个文件，请改选文件夹。') }), photoImportViewSchema),
  /** The person form's 选择照片: one file for one person. */
  'photos.attach': method(byPerson.extend({ file: filePath }), personDetailSchema),
  /** 一键修正: crop, resize, re-encode the current photo to the spec; the original stays in the history. */
  'photos.fix': method(byPerson, photoFixViewSchema),
  /** The current photo as a data: URL for the preview; null when there is none. */
  'photos.preview': method(byPerson, z.object({ dataUrl: z.string().nullable() })),
  'evidence.list': method(byBatch, z.array(evidenceViewSchema)),
  'evidence.add': method(byBatch.extend({ file: filePath, kind: evidenceKindSchema }), evidenceViewSchema),
  'evidence.remove': method(byBatch.extend({ evidenceId: z.number().int().positive() }), z.object({ ok: z.literal(true) })),
  'findings.list': method(
    byBatch.extend({ onlyErrors: z.boolean().default(false), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(20) }),
    z.object({ total: z.number().int(), rows: z.array(findingRowSchema) }),
  ),
  /** 导出问题清单: the batch's people with every finding marked, as an .xlsx the clerk can fix and import again. */
  'report.write': method(byBatch.extend({ file: filePath }), z.object({ file: z.string(), rows: z.number().int(), errors: z.number().int(), fixed: z.number().int() })),
  'template.write': method(z.object({ file: filePath, kind: batchKindSchema.default('new') }), z.object({ file: z.string() })),
  /** `examId`: the exam a new batch registers for, when more than one is in 网络报名 (exam.choice_required). */
  'import.file': method(z.object({ file: filePath, kind: batchKindSchema.optional(), examId: examChoiceSchema }), importResultSchema),
  // 人员管理, 人员查询, 人员记录, 考试信息: read-only lists of what the server sent back.
  ...DESKTOP_RECORDS_API,
  // 人员记录's 培训达标 (可打印准考证) and 人员查询's 培训课程.
  ...DESKTOP_TRAINING_API,
  ...DESKTOP_REFERENCE_API,
  // 考试信息's exam table and the 报名 deadline warnings.
  ...DESKTOP_EXAM_TASKS_API,
  // 交费: a batch's 交费信息 and 收据、资料领取信息 (fees on only).
  ...DESKTOP_PAYMENTS_API,
  // 取证: certificate numbers for passed people.
  ...DESKTOP_CERTIFICATES_API,
  // The header's date and unit, 修改资料.
  ...DESKTOP_ACCOUNT_API,
  // 自动更新: the status bar's update state and 立即重启 (answered by the Electron main process).
  ...DESKTOP_UPDATES_API,
} as const;

export type DesktopApi = typeof DESKTOP_API;
export type DesktopMethod = keyof DesktopApi;
export type DesktopInput<M extends DesktopMethod> = z.input<DesktopApi[M]['input']>;
export type DesktopOutput<M extends DesktopMethod> = z.infer<DesktopApi[M]['output']>;

/** What the renderer calls: the preload and the browser shim both satisfy it. */
export type DesktopClient = { [M in DesktopMethod]: (input: DesktopInput<M>) => Promise<Result<DesktopOutput<M>>> };
