import { z } from 'zod';
import { weakPasswordReason } from '../weak-passwords.js';
import { route, type Role } from './route-spec.js';
import { jurisdictionKindSchema, reviewLevelSchema, type ReviewLevel } from './sync-common.js';
import { blobsMissingRequestSchema, blobsMissingResponseSchema } from './sync-blobs.js';
import { batchIdParamsSchema, batchPutRequestSchema, batchPutResponseSchema, batchViewSchema, rowProblemSchema } from './sync-batches.js';
import { decisionRequestSchema, decisionResponseSchema, personIdParamsSchema, reviewBatchesQuerySchema, reviewBatchesResponseSchema, reviewBatchPersonsResponseSchema, reviewPendingQuerySchema, reviewPendingResponseSchema, reviewPersonResponseSchema } from './sync-review.js';
import { changesQuerySchema, changesResponseSchema } from './sync-feed.js';
import { dashboardQuerySchema, dashboardResponseSchema } from './sync-dashboard.js';
import { referenceResponseSchema } from './sync-reference.js';
import { clientErrorSchema } from './client-error.js';
import { certificateUploadRequestSchema, certificateUploadResponseSchema } from './sync-certificates.js';
import { batchPaymentPutRequestSchema, batchPaymentViewSchema, paymentMarkRequestSchema, paymentMarkResponseSchema } from './sync-payments.js';
import { courseProblemSchema, courseTableRequestSchema, courseTableResponseSchema, eligibilityQuerySchema, eligibilityResponseSchema } from './sync-training.js';
import { examExtendRequestSchema, examIdParamsSchema, examInputSchema, examListRequestSchema, examListResponseSchema, examViewSchema } from './sync-exams.js';
import {
  adminAddJurisdictionRequestSchema, adminAddUnitRequestSchema, adminAddUserRequestSchema, adminDirectoryResponseSchema, adminJurisdictionSchema, adminNoBodySchema,
  adminRecordFileSchema, adminRecordImportResponseSchema, adminRecordParamsSchema, adminRecordPreviewResponseSchema, adminSettingsRequestSchema,
  adminSettingsResponseSchema, adminUnitSchema, adminUserIdParamsSchema, adminUserPasswordResponseSchema, adminUserResponseSchema,
} from './sync-admin.js';
import { updateFeedRequestSchema, updateFeedViewSchema, updatePauseRequestSchema, updatePointBackRequestSchema, updateRolloutRequestSchema } from './sync-updates.js';

export * from './route-spec.js';
export * from './sync-common.js';
export * from './sync-blobs.js';
export * from './sync-batches.js';
export * from './sync-review.js';
export * from './sync-dashboard.js';
export * from './sync-exports.js';
export * from './sync-feed.js';
export * from './sync-reference.js';
export * from './sync-admin.js';
export * from './sync-exams.js';
export * from './sync-training.js';
export * from './sync-certificates.js';
export * from './sync-payments.js';
export * from './client-error.js';
export * from './sync-updates.js';

/**
 * The sync server's HTTP contract (desktop <-> server), one request and one response schema per route.
 * Pure zod: the server parses every body with these, and the desktop's sync client can parse the
 * answers with the same file. Every route lives under API_PREFIX; every error answer is ErrorResponse.
 * Schemas carry Chinese messages: the server hands the first one straight to the person.
 */

export const API_PREFIX = '/api/v1';

// ---------------------------------------------------------------------------------------------------
// Errors

/**
 * Error codes are a contract like the issue codes: the desktop matches on them (e.g. `auth.token_expired`
 * -> show the login screen), so a code is never renamed; new ones may be added.
 */
export const ERROR_CODES = [
  'request.invalid_json', // 400: the body is not JSON
  'request.invalid', // 400: JSON, but not what the route expects (schema)
  'request.bad_url', // 400
  'request.too_large', // 413
  'request.unsupported_media_type', // 415
  'auth.invalid_credentials', // 401: wrong user name or password
  'auth.token_missing', // 401: no Authorization: Bearer header
  'auth.token_invalid', // 401: unknown, malformed or logged-out token
  'auth.token_expired', // 401
  'auth.old_password_wrong', // 400: change-password with a wrong current password
  'auth.weak_password', // 400: the new password breaks the policy
  'auth.must_change_password', // 403: first login (or after a reset): only change-password is allowed
  'auth.disabled', // 403: the account was disabled by an administrator
  'auth.forbidden', // 403: the caller's role may not do this
  'auth.locked', // 423 in change-password: too many wrong passwords for this account (at login a lock answers like a wrong password)
  'auth.throttled', // 429: wrong passwords for too many different user names from this address
  'not_found', // 404
  'blob.bad_name', // 400: the path does not name a SHA-256 (64 lower-case hex digits)
  'blob.hash_mismatch', // 400: the bytes sent are not the bytes the name promises (damaged in transit)
  'blob.wrong_type', // 415: not a JPEG, PNG or PDF by its bytes
  'blob.empty', // 400
  'blob.not_found', // 404: a reviewer asked for a file no person in the jurisdiction uses
  'blob.quota_exceeded', // 413: the unit's uploaded files that no batch names yet would pass the quota; nothing stored
  'batch.invalid_rows', // 422: people the rules refuse; error.rows says who and why
  'batch.missing_blobs', // 422: files the batch names that this unit has not uploaded; error.missingBlobs
  'batch.conflict', // 409: different content under an id the server already accepted
  'review.comment_required', // 400: a rejection without a comment
  'review.not_pending', // 409: a person already decided, resubmitted, or waiting at another level
  'admin.conflict', // 409: the bureau, unit or user name is already there
  'records.file_invalid', // 422: an uploaded study-record / exam-score file that cannot be imported; nothing written
  'courses.file_invalid', // 422: a course table that cannot be imported (error.courseProblems names the rows); the table in force is unchanged
  'exam.registration_closed', // 422: a new batch for an exam whose 网络报名 window is not open today (closed, or not yet open); the message names the dates
  'exam.review_closed', // 422: returned people sent again after the exam's 资格审核 (or, without one, 网络报名) window closed
  'exam.unknown', // 422: the batch names an exam the server does not have
  'exam.choice_required', // 422: no examId while several exams are open for 报名: the desktop must say which
  'payment.fees_off', // 409: 交费 asked of a deployment that has fees turned off
  'payment.not_final', // 403: marking paid by a reviewer who is not the batch's final level
  'certificate.duplicate', // 409: 取证: the certificate number is already used (by any unit)
  'certificate.changed', // 409: 取证: the person already has another number on the server
  'certificate.not_passed', // 422: 取证: the person has no passed exam score, or is not finally approved
  'update.none', // 404 on GET /updates/win/latest.yml: no release for this PC now (none published, paused, or outside the rollout); electron-updater reports it as ERR_UPDATER_CHANNEL_FILE_NOT_FOUND
  'update.file_missing', // 404: a release's file is missing or damaged on the server; publish it again
  'update.conflict', // 409: publish-update / rollout / point-back refused (a version not newer, a withdrawn release)
  'server.closing', // 503: the server is shutting down
  'server.busy', // 503 with Retry-After: the server is overloaded (or too many batches are being checked); try again later
  'batch.busy', // 429 with Retry-After: this unit already has batches being checked; send again when they are done
  'internal', // 500
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Every 4xx/5xx answer. `message` is Chinese and says what to do. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(), // an ErrorCode; a plain string so an older desktop still reads a newer code
    message: z.string(),
    /** batch.missing_blobs: the SHA-256 of each file to upload before sending the batch again. */
    missingBlobs: z.array(z.string()).optional(),
    /** batch.invalid_rows: each refused person with the server's findings. */
    rows: z.array(rowProblemSchema).optional(),
    /** batch.invalid_rows: refused people left out of `rows` to keep the answer small (the message says so too). */
    rowsOmitted: z.number().int().nonnegative().optional(),
    /** courses.file_invalid: the refused rows of a course table (at most COURSE_PROBLEMS_LISTED). */
    courseProblems: z.array(courseProblemSchema).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Accounts

export const roleSchema = z.enum(['unit', 'reviewer', 'admin'] satisfies Role[]);

/** A judicial bureau's level; also the level at which a reviewer reviews. */
export const jurisdictionLevelSchema = reviewLevelSchema;
export type JurisdictionLevel = ReviewLevel;

/** What a signed-in caller learns about their own account. */
export const userViewSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** The 执法单位 of a unit account, null otherwise. */
  unit: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The 司法局 of a reviewer, or the one the unit belongs to; null for admins. */
  jurisdiction: z.object({ id: z.number().int(), name: z.string(), level: jurisdictionLevelSchema, kind: jurisdictionKindSchema.optional() }).nullable(),
  /** The level a reviewer reviews at; null for other roles. */
  reviewLevel: reviewLevelSchema.nullable(),
  mustChangePassword: z.boolean(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The password policy, checkable on the desktop before sending: 8 to 128 characters with at least one
 * letter and one digit, and none of the common or pattern passwords of the deny list. (The server adds:
 * not the user name, not the old password.)
 */
export const newPasswordSchema = z
  .string({ error: '请填写新密码。' })
  .min(PASSWORD_MIN_LENGTH, `新密码太短：至少要 ${PASSWORD_MIN_LENGTH} 位，并且同时含有字母和数字。`)
  .max(PASSWORD_MAX_LENGTH, `新密码太长：最多 ${PASSWORD_MAX_LENGTH} 位。`)
  .regex(/[A-Za-z]/, '新密码必须含有字母（A–Z 或 a–z），请加上字母后再试。')
  .regex(/[0-9]/, '新密码必须含有数字（0–9），请加上数字后再试。')
  // Common and pattern passwords (P@ssw0rd, Aa123456, qwer1234, zhangsan1...): src-shared/weak-passwords.ts.
  .superRefine((password, ctx) => {
    const weak = weakPasswordReason(password);
    if (weak) ctx.addIssue({ code: 'custom', message: weak });
  });

const emptyBody = z.object({}).optional();

// ---------------------------------------------------------------------------------------------------
// Routes

export const loginRequestSchema = z.object({
  username: z
    .string({ error: '请填写用户名。' })
    .trim()
    .min(1, '请填写用户名。')
    .max(64, '用户名太长，请检查是否输错。'),
  password: z.string({ error: '请填写密码。' }).min(1, '请填写密码。').max(1024, '密码太长，请检查是否输错。'),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  /** Send as `Authorization: Bearer <token>`. Shown once; the server keeps only its SHA-256. */
  token: z.string(),
  /** ISO 8601 (UTC); after it the token is refused and the person signs in again. */
  expiresAt: z.string(),
  /** True at first login and after a reset: only change-password is allowed until it is done. */
  mustChangePassword: z.boolean(),
  user: userViewSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const changePasswordRequestSchema = z.object({
  oldPassword: z.string({ error: '请填写原密码。' }).min(1, '请填写原密码。').max(1024, '原密码太长，请检查是否输错。'),
  newPassword: newPasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** The caller's token stays valid; every other session of the account is ended. */
export const changePasswordResponseSchema = z.object({ ok: z.literal(true), user: userViewSchema });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponseSchema>;

export const logoutRequestSchema = emptyBody;
export const logoutResponseSchema = z.object({ ok: z.literal(true) });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;

export const meRequestSchema = emptyBody;
export const meResponseSchema = z.object({ user: userViewSchema, expiresAt: z.string() });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Nothing but a receipt: a report past the per-session limit is dropped, and answered the same. */
export const clientErrorResponseSchema = z.object({ ok: z.literal(true) });

/** The typed map of every route, keyed "METHOD /path". */
export const SYNC_API = {
  'POST /auth/login': route({
    method: 'POST',
    path: '/auth/login',
    access: 'public',
    request: loginRequestSchema,
    response: loginResponseSchema,
  }),
  'POST /auth/change-password': route({
    method: 'POST',
    path: '/auth/change-password',
    access: 'first-login',
    request: changePasswordRequestSchema,
    response: changePasswordResponseSchema,
  }),
  'POST /auth/logout': route({
    method: 'POST',
    path: '/auth/logout',
    access: 'first-login',
    request: logoutRequestSchema,
    response: logoutResponseSchema,
  }),
  'GET /me': route({ method: 'GET', path: '/me', access: 'signed-in', request: meRequestSchema, response: meResponseSchema }),
  'POST /blobs/missing': route({
    method: 'POST',
    path: '/blobs/missing',
    access: ['unit'],
    request: blobsMissingRequestSchema,
    response: blobsMissingResponseSchema,
  }),
  'GET /reference': route({ method: 'GET', path: '/reference', access: 'signed-in', request: emptyBody, response: referenceResponseSchema }),
  'PUT /batches/:batchId': route({
    method: 'PUT',
    path: '/batches/:batchId',
    access: ['unit'],
    params: batchIdParamsSchema,
    request: batchPutRequestSchema,
    response: batchPutResponseSchema,
  }),
  'GET /batches/:batchId': route({
    method: 'GET',
    path: '/batches/:batchId',
    access: ['unit'],
    params: batchIdParamsSchema,
    request: emptyBody,
    response: batchViewSchema,
  }),
  /** 交费信息 and 收据、资料领取信息 of a batch (fees on only). */
  'PUT /batches/:batchId/payment': route({
    method: 'PUT',
    path: '/batches/:batchId/payment',
    access: ['unit'],
    params: batchIdParamsSchema,
    request: batchPaymentPutRequestSchema,
    response: batchPaymentViewSchema,
  }),
  /** 取证: a unit's certificate numbers for its passed people (src-shared/contract/sync-certificates.ts). */
  'POST /certificates': route({ method: 'POST', path: '/certificates', access: ['unit'], request: certificateUploadRequestSchema, response: certificateUploadResponseSchema }),
  'GET /changes': route({ method: 'GET', path: '/changes', access: ['unit'], request: changesQuerySchema, response: changesResponseSchema }),
  'GET /review/batches': route({
    method: 'GET',
    path: '/review/batches',
    access: ['reviewer', 'admin'],
    request: reviewBatchesQuerySchema,
    response: reviewBatchesResponseSchema,
  }),
  'GET /review/pending': route({
    method: 'GET',
    path: '/review/pending',
    access: ['reviewer'],
    request: reviewPendingQuerySchema,
    response: reviewPendingResponseSchema,
  }),
  'GET /review/batches/:batchId/persons': route({
    method: 'GET',
    path: '/review/batches/:batchId/persons',
    access: ['reviewer', 'admin'],
    params: batchIdParamsSchema,
    request: emptyBody,
    response: reviewBatchPersonsResponseSchema,
  }),
  /** 标记已交费 / 撤销: the batch's final-level reviewer or an administrator (fees on only). */
  'POST /review/batches/:batchId/payment': route({
    method: 'POST',
    path: '/review/batches/:batchId/payment',
    access: ['reviewer', 'admin'],
    params: batchIdParamsSchema,
    request: paymentMarkRequestSchema,
    response: paymentMarkResponseSchema,
  }),
  /** Administrators read (decidable is always false for them); deciding stays with reviewers. */
  'GET /review/persons/:personId': route({
    method: 'GET',
    path: '/review/persons/:personId',
    access: ['reviewer', 'admin'],
    params: personIdParamsSchema,
    request: emptyBody,
    response: reviewPersonResponseSchema,
  }),
  /** 工作概况: waiting, oldest and the week's decisions per unit in scope (admins: every unit). */
  'GET /review/dashboard': route({
    method: 'GET',
    path: '/review/dashboard',
    access: ['reviewer', 'admin'],
    request: dashboardQuerySchema,
    response: dashboardResponseSchema,
  }),
  'POST /review/decisions': route({
    method: 'POST',
    path: '/review/decisions',
    access: ['reviewer'],
    request: decisionRequestSchema,
    response: decisionResponseSchema,
  }),
  'GET /admin/directory': route({ method: 'GET', path: '/admin/directory', access: ['admin'], request: adminNoBodySchema, response: adminDirectoryResponseSchema }),
  'POST /admin/jurisdictions': route({
    method: 'POST',
    path: '/admin/jurisdictions',
    access: ['admin'],
    request: adminAddJurisdictionRequestSchema,
    response: adminJurisdictionSchema,
  }),
  'POST /admin/units': route({ method: 'POST', path: '/admin/units', access: ['admin'], request: adminAddUnitRequestSchema, response: adminUnitSchema }),
  'POST /admin/users': route({ method: 'POST', path: '/admin/users', access: ['admin'], request: adminAddUserRequestSchema, response: adminUserPasswordResponseSchema }),
  'POST /admin/users/:userId/reset-password': route({
    method: 'POST',
    path: '/admin/users/:userId/reset-password',
    access: ['admin'],
    params: adminUserIdParamsSchema,
    request: adminNoBodySchema,
    response: adminUserPasswordResponseSchema,
  }),
  'POST /admin/users/:userId/disable': route({
    method: 'POST',
    path: '/admin/users/:userId/disable',
    access: ['admin'],
    params: adminUserIdParamsSchema,
    request: adminNoBodySchema,
    response: adminUserResponseSchema,
  }),
  'POST /admin/users/:userId/enable': route({
    method: 'POST',
    path: '/admin/users/:userId/enable',
    access: ['admin'],
    params: adminUserIdParamsSchema,
    request: adminNoBodySchema,
    response: adminUserResponseSchema,
  }),
  'POST /admin/records/:kind/preview': route({
    method: 'POST',
    path: '/admin/records/:kind/preview',
    access: ['admin'],
    params: adminRecordParamsSchema,
    request: adminRecordFileSchema,
    response: adminRecordPreviewResponseSchema,
  }),
  'POST /admin/records/:kind/import': route({
    method: 'POST',
    path: '/admin/records/:kind/import',
    access: ['admin'],
    params: adminRecordParamsSchema,
    request: adminRecordFileSchema,
    response: adminRecordImportResponseSchema,
  }),
  'GET /admin/settings': route({ method: 'GET', path: '/admin/settings', access: ['admin'], request: adminNoBodySchema, response: adminSettingsResponseSchema }),
  'PUT /admin/settings': route({ method: 'PUT', path: '/admin/settings', access: ['admin'], request: adminSettingsRequestSchema, response: adminSettingsResponseSchema }),
  'GET /admin/exams': route({ method: 'GET', path: '/admin/exams', access: ['admin'], request: examListRequestSchema, response: examListResponseSchema }),
  'POST /admin/exams': route({ method: 'POST', path: '/admin/exams', access: ['admin'], request: examInputSchema, response: examViewSchema }),
  'PUT /admin/exams/:examId': route({
    method: 'PUT',
    path: '/admin/exams/:examId',
    access: ['admin'],
    params: examIdParamsSchema,
    request: examInputSchema,
    response: examViewSchema,
  }),
  /** Moves one window's end later, with a reason kept in the exam's extension history. */
  'POST /admin/exams/:examId/extend': route({
    method: 'POST',
    path: '/admin/exams/:examId/extend',
    access: ['admin'],
    params: examIdParamsSchema,
    request: examExtendRequestSchema,
    response: examViewSchema,
  }),
  /** 可打印准考证 per approved person, from the imported study records (sync-training.ts). */
  'GET /admin/eligibility': route({ method: 'GET', path: '/admin/eligibility', access: ['admin'], request: eligibilityQuerySchema, response: eligibilityResponseSchema }),
  'GET /admin/courses': route({ method: 'GET', path: '/admin/courses', access: ['admin'], request: courseTableRequestSchema, response: courseTableResponseSchema }),
  /** The body is the .xlsx itself; replaces the whole course table or changes nothing. */
  'POST /admin/courses/import': route({
    method: 'POST',
    path: '/admin/courses/import',
    access: ['admin'],
    request: adminRecordFileSchema,
    response: courseTableResponseSchema,
  }),
  /** The desktop update feed (sync-updates.ts); publishing is on the command line. */
  'GET /admin/updates': route({ method: 'GET', path: '/admin/updates', access: ['admin'], request: updateFeedRequestSchema, response: updateFeedViewSchema }),
  'PUT /admin/updates/rollout': route({ method: 'PUT', path: '/admin/updates/rollout', access: ['admin'], request: updateRolloutRequestSchema, response: updateFeedViewSchema }),
  'PUT /admin/updates/pause': route({ method: 'PUT', path: '/admin/updates/pause', access: ['admin'], request: updatePauseRequestSchema, response: updateFeedViewSchema }),
  'POST /admin/updates/point-back': route({ method: 'POST', path: '/admin/updates/point-back', access: ['admin'], request: updatePointBackRequestSchema, response: updateFeedViewSchema }),
  /** The reviewer's console reports its own failures (render errors, uncaught errors) for the server's log. */
  'POST /console/client-errors': route({
    method: 'POST',
    path: '/console/client-errors',
    access: ['reviewer', 'admin'],
    request: clientErrorSchema,
    response: clientErrorResponseSchema,
  }),
} as const;

export type SyncApi = typeof SYNC_API;

export type SyncRoute = keyof SyncApi;

export type SyncRequest<K extends SyncRoute> = z.infer<SyncApi[K]['request']>;
export type SyncResponse<K extends SyncRoute> = z.infer<SyncApi[K]['response']>;
