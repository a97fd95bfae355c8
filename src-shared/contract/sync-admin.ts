import { z } from 'zod';
import { photoBackgroundSchema, photoPixelsSchema, photoSpecFormatSchema } from '../photo-spec.js';
import type { Role } from './route-spec.js';
import { displayFileNameSchema, jurisdictionKindSchema, reviewLevelSchema } from './sync-common.js';

/**
 * The administrator's routes (role admin only), for the web console:
 *   GET  /api/v1/admin/directory                      bureaus, units and users (never a password hash)
 *   POST /api/v1/admin/jurisdictions                  add a bureau            -> AdminJurisdiction
 *   POST /api/v1/admin/units                          add a unit              -> AdminUnit
 *   POST /api/v1/admin/users                          add a user              -> { user, initialPassword }
 *   POST /api/v1/admin/users/:userId/reset-password   new random password     -> { user, initialPassword }
 *   POST /api/v1/admin/users/:userId/disable|enable                           -> { user }
 *   POST /api/v1/admin/records/:kind/preview?fileName=   the file itself (application/octet-stream,
 *   POST /api/v1/admin/records/:kind/import?fileName=    up to 50 MB): what an import would do / do it
 *   GET  /api/v1/admin/settings, PUT /api/v1/admin/settings   review stages and photo spec in force
 * Errors: 404 not_found (unknown bureau, unit or user), 409 admin.conflict (already there), 400
 * request.invalid (anything else the input gets wrong), 422 records.file_invalid (a file that cannot
 * be imported; nothing written). Every change is in the audit log under the administrator's name.
 */

const ROLES = ['unit', 'reviewer', 'admin'] as const satisfies readonly Role[];
const adminRoleSchema = z.enum(ROLES, { error: '角色只能是 unit（执法单位）、reviewer（审核人员）或 admin（管理员）。' });
const idSchema = (what: string) => z.number({ error: `请选择${what}。` }).int(`${what}编号应为整数。`).positive(`${what}编号应为正整数。`);
const nameSchema = (what: string) =>
  z.string({ error: `请填写${what}名称。` }).trim().min(1, `请填写${what}名称。`).max(100, `${what}名称太长（最多 100 个字），请检查。`);

// ---------------------------------------------------------------------------------------------------
// Directory

export const adminJurisdictionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The review tier: 'county' for a county bureau or a province department, 'city' for a city or the province. */
  level: reviewLevelSchema,
  /** Where it sits: city, county (under a city), province, department (under the province). */
  kind: jurisdictionKindSchema,
  /** The city a county bureau is under, the province a department is under; null for a city or the province. */
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
});
export type AdminJurisdiction = z.infer<typeof adminJurisdictionSchema>;

export const adminUnitSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  jurisdictionId: z.number().int(),
  jurisdictionName: z.string(),
});
export type AdminUnit = z.infer<typeof adminUnitSchema>;

export const adminUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  /** '' when none was given. */
  displayName: z.string(),
  role: adminRoleSchema,
  /** A unit account's unit; null for other roles. */
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  /** A reviewer's bureau, or the one a unit account's unit is under; null for admins. */
  jurisdictionId: z.number().int().nullable(),
  jurisdictionName: z.string().nullable(),
  /** The level a reviewer reviews at; null for other roles. */
  reviewLevel: reviewLevelSchema.nullable(),
  disabled: z.boolean(),
  /** True until the first login's password change (and again after a reset). */
  mustChangePassword: z.boolean(),
  /** ISO 8601; null unless the account is locked right now (too many wrong passwords). */
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminDirectoryResponseSchema = z.object({
  /** Cities first, each followed by its counties. */
  jurisdictions: z.array(adminJurisdictionSchema),
  units: z.array(adminUnitSchema),
  users: z.array(adminUserSchema),
});
export type AdminDirectoryResponse = z.infer<typeof adminDirectoryResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Adding and changing accounts

export const adminAddJurisdictionRequestSchema = z
  .object({
    name: nameSchema('司法局'),
    /** The kind of jurisdiction (its review tier follows from it: see KIND_LEVEL). */
    level: z.enum(jurisdictionKindSchema.options, { error: '级别只能是 city（市级司法局）、county（县级司法局）、province（省级司法厅）或 department（省直部门）。' }),
    /** The city bureau a county bureau is under, the province a department is under; null for a city or the province. */
    parentId: idSchema('上级').nullable(),
  })
  .superRefine((r, ctx) => {
    if ((r.level === 'city' || r.level === 'province') && r.parentId !== null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: `${r.level === 'city' ? '市级司法局' : '省级司法厅'}不设上级，请把“上级”留空。` });
    }
    if (r.level === 'county' && r.parentId === null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: '县级司法局必须选择所属的市级司法局。' });
    }
    if (r.level === 'department' && r.parentId === null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: '省直部门必须选择所属的省级司法厅（由它终审）。' });
    }
  });
export type AdminAddJurisdictionRequest = z.infer<typeof adminAddJurisdictionRequestSchema>;

export const adminAddUnitRequestSchema = z.object({
  name: nameSchema('执法单位'),
  jurisdictionId: idSchema('所属司法局'),
});
export type AdminAddUnitRequest = z.infer<typeof adminAddUnitRequestSchema>;

export const adminAddUserRequestSchema = z
  .object({
    username: z.string({ error: '请填写用户名。' }).trim().min(1, '请填写用户名。').max(64, '用户名太长（最多 64 位），请改短。'),
    displayName: z.string().trim().max(100, '显示名太长（最多 100 个字），请改短。').optional(),
    role: adminRoleSchema,
    /** Required for role unit, absent or null otherwise. */
    unitId: idSchema('执法单位').nullable().optional(),
    /** Required for role reviewer (who reviews at the bureau's own level), absent or null otherwise. */
    jurisdictionId: idSchema('司法局').nullable().optional(),
  })
  .superRefine((r, ctx) => {
    const unit = r.unitId != null;
    const jurisdiction = r.jurisdictionId != null;
    if (r.role === 'unit' && !unit) ctx.addIssue({ code: 'custom', path: ['unitId'], message: '执法单位账号必须选择所属的执法单位。' });
    if (r.role === 'unit' && jurisdiction) {
      ctx.addIssue({ code: 'custom', path: ['jurisdictionId'], message: '执法单位账号只需选择执法单位，不用再选司法局。' });
    }
    if (r.role === 'reviewer' && !jurisdiction) {
      ctx.addIssue({ code: 'custom', path: ['jurisdictionId'], message: '审核人员账号必须选择所属的司法局（按司法局的级别审核）。' });
    }
    if (r.role === 'reviewer' && unit) ctx.addIssue({ code: 'custom', path: ['unitId'], message: '审核人员账号不属于执法单位，请不要选择执法单位。' });
    if (r.role === 'admin' && (unit || jurisdiction)) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: '管理员账号不属于任何执法单位或司法局，请不要选择它们。' });
    }
  });
export type AdminAddUserRequest = z.infer<typeof adminAddUserRequestSchema>;

/** A new account or a reset: the random initial password, shown once; it must be changed at first login. */
export const adminUserPasswordResponseSchema = z.object({ user: adminUserSchema, initialPassword: z.string() });
export type AdminUserPasswordResponse = z.infer<typeof adminUserPasswordResponseSchema>;

export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;

export const adminUserIdParamsSchema = z.object({
  userId: z.coerce.number({ error: '用户编号应为整数。' }).int('用户编号应为整数。').positive('用户编号应为正整数。'),
});

/** reset-password, disable and enable carry no body. */
export const adminNoBodySchema = z.object({}).optional();

// ---------------------------------------------------------------------------------------------------
// Study records and exam scores

export const ADMIN_RECORD_KINDS = ['study_record', 'exam_score'] as const;
export const adminRecordKindSchema = z.enum(ADMIN_RECORD_KINDS, {
  error: '导入类型只能是 study_record（人员学习记录）或 exam_score（人员考试成绩）。',
});
export type AdminRecordKind = z.infer<typeof adminRecordKindSchema>;

export const adminRecordParamsSchema = z.object({ kind: adminRecordKindSchema });

/**
 * The query string of preview and import. The body is the file itself (Content-Type:
 * application/octet-stream, at most ADMIN_RECORD_FILE_MAX_BYTES); its name is only for messages and
 * the audit log, never a path.
 */
export const adminRecordQuerySchema = z.object({ fileName: displayFileNameSchema.optional() });

export const ADMIN_RECORD_FILE_MAX_BYTES = 50 * 1024 * 1024;

/** The request "schema" of the two upload routes: the raw bytes of the file. */
export const adminRecordFileSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, {
  error: '请把文件本身作为请求正文上传，并带上请求头 Content-Type: application/octet-stream。',
});

const rowRefSchema = z.object({
  /** The row number Excel shows (for CSV, the line's record number). */
  row: z.number().int(),
  name: z.string(),
  /** Masked: 110101********1234. */
  idNumber: z.string(),
});

/** What an import did (or, in a preview, would do); mirrors ImportSummary in src-server/records/import-records.ts. */
export const importSummaryViewSchema = z.object({
  kind: adminRecordKindSchema,
  /** 人员学习记录 / 人员考试成绩 */
  title: z.string(),
  /** The file name the administrator gave (fileName), for display. */
  file: z.string(),
  sha256: z.string(),
  format: z.enum(['xlsx', 'csv']),
  sheet: z.string().optional(),
  headerRow: z.number().int(),
  /** Non-blank rows below the header. */
  rows: z.number().int(),
  /** New records. */
  added: z.number().int(),
  /** Records already there with other content. */
  updated: z.number().int(),
  /** Records already there with the same content: nothing written. */
  unchanged: z.number().int(),
  /** No approved person has this ID number: not stored. */
  unmatched: z.array(rowRefSchema),
  /** Rows that cannot be used (ID number or name missing, ID number mangled by Excel): not stored. */
  invalid: z.array(rowRefSchema.extend({ message: z.string() })),
  /** The same person and start time again in this file: the later row was taken. */
  duplicates: z.array(z.object({ row: z.number().int(), keptRow: z.number().int(), identical: z.boolean() })),
  /** Stored by ID number, but the name differs from the registration: worth a look. */
  nameMismatches: z.array(rowRefSchema.extend({ registeredName: z.string() })),
  /** Rows with neither name nor ID number: ignored. */
  skipped: z.number().int(),
  /** Columns of the manual's table the file does not have: stored as empty text. */
  missingColumns: z.array(z.string()),
  /** Feed entries appended, per unit. */
  units: z.array(z.object({ unitId: z.number().int(), unitName: z.string(), changes: z.number().int() })),
  /** Approved persons in the whole store: 0 means nothing can match yet. */
  approvedPersons: z.number().int(),
});
export type ImportSummaryView = z.infer<typeof importSummaryViewSchema>;

/** Rows listed in a preview's sample. */
export const ADMIN_PREVIEW_SAMPLE_ROWS = 20;

export const importSampleRowSchema = z.object({
  row: z.number().int(),
  name: z.string(),
  /** Masked: 110101********1234. */
  idNumber: z.string(),
  /**
   * The record as it would be stored, by the manual's column header (手机号, 开始考试时间, …; the three
   * 学习总时长 columns as 学习总时长1 to 学习总时长3), in the manual's column order.
   */
  values: z.record(z.string(), z.string()),
});
export type ImportSampleRow = z.infer<typeof importSampleRowSchema>;

/** A preview changes nothing: exactly the counts the import would give, and the first rows it would store. */
export const adminRecordPreviewResponseSchema = z.object({
  preview: z.literal(true),
  summary: importSummaryViewSchema,
  /** The first ADMIN_PREVIEW_SAMPLE_ROWS rows that would be added or updated. */
  sample: z.array(importSampleRowSchema),
});
export type AdminRecordPreviewResponse = z.infer<typeof adminRecordPreviewResponseSchema>;

export const adminRecordImportResponseSchema = z.object({ preview: z.literal(false), summary: importSummaryViewSchema });
export type AdminRecordImportResponse = z.infer<typeof adminRecordImportResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Deployment settings

export const reviewStagesSchema = z.union([z.literal(1), z.literal(2)], {
  error: '审核级数只能是 1（本级司法局一级审核，如福建）或 2（县级初审、市级终审，如广西）。',
});

/** Where a setting in force comes from: the server's flag / environment variable, or the console. */
export const settingSourceSchema = z.enum(['config', 'admin']);
export type SettingSource = z.infer<typeof settingSourceSchema>;

/** A photo spec as a person reads it. */
export const adminPhotoSpecViewSchema = z.object({
  /** The profile's name in resources/photo-specs.json (fujian, guangxi, …): what PUT takes. */
  id: z.string(),
  /** Chinese: 福建省（34×39 毫米，300 DPI，PNG 透明背景）. */
  name: z.string(),
  /** One Chinese line: formats, pixel size, file size, DPI, background. */
  summary: z.string(),
  formats: z.array(photoSpecFormatSchema),
  pixels: photoPixelsSchema,
  /** Smallest and largest accepted file, in bytes. */
  minBytes: z.number().int().nullable(),
  maxBytes: z.number().int(),
  minDpi: z.number().int().nullable(),
  background: photoBackgroundSchema,
  color: z.boolean(),
});
export type AdminPhotoSpecView = z.infer<typeof adminPhotoSpecViewSchema>;

export const adminSettingsResponseSchema = z.object({
  reviewStages: reviewStagesSchema,
  photoSpec: adminPhotoSpecViewSchema,
  /** Every profile the server knows, for the choice. */
  photoSpecs: z.array(z.object({ id: z.string(), name: z.string(), summary: z.string() })),
  source: z.object({ reviewStages: settingSourceSchema, photoSpec: settingSourceSchema }),
  /** 交费: batches carry 交费信息 and study accounts wait for 已交费 (default off). */
  feesEnabled: z.boolean(),
});
export type AdminSettingsResponse = z.infer<typeof adminSettingsResponseSchema>;

/** What to change; a setting left out stays as it is. The choice is kept and wins over the flags from then on. */
export const adminSettingsRequestSchema = z.object({
  reviewStages: reviewStagesSchema.optional(),
  photoSpec: z.string({ error: '照片规格应为规格名称，例如 fujian。' }).trim().min(1, '请选择照片规格。').max(64, '照片规格名称太长，请从列表中选择。').optional(),
  feesEnabled: z.boolean({ error: '交费开关应为 true 或 false。' }).optional(),
});
export type AdminSettingsRequest = z.infer<typeof adminSettingsRequestSchema>;
