import path from 'node:path';
import { DESKTOP_API, type DesktopMethod, type Result } from '../../src-shared/contract/desktop-api.js';
import { desktopErrorOf, INTERNAL_ERROR } from './desktop-error.js';
import type { DesktopDeps } from './handler-types.js';
import { checkAgainstContract, mergeHandlers, type AnyHandler } from './merge-handlers.js';
import { appHandlers } from './app-handlers.js';
import { batchesHandlers } from './batches-handlers.js';
import { personsHandlers } from './persons-handlers.js';
import { returnedHandlers } from './returned-handlers.js';
import { syncHandlers } from './sync-handlers.js';
import { progressHandlers } from './progress-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { photosHandlers } from './photos-handlers.js';
import { evidenceHandlers } from './evidence-handlers.js';
import { findingsHandlers } from './findings-handlers.js';
import { reportHandlers } from './report-handlers.js';
import { templateHandlers } from './template-handlers.js';
import { importHandlers } from './import-handlers.js';
import { studyAccountsHandlers } from './study-accounts-handlers.js';
import { studyRecordsHandlers } from './study-records-handlers.js';
import { trainingHandlers } from './training-handlers.js';
import { examScoresHandlers } from './exam-scores-handlers.js';
import { examTasksHandlers } from './exam-tasks-handlers.js';
import { paymentsHandlers } from './payments-handlers.js';
import { certificatesHandlers } from './certificates-handlers.js';
import { referenceHandlers } from './reference-handlers.js';
import { accountHandlers } from './account-handlers.js';
import { updatesHandlers } from './updates-handlers.js';

export type { DesktopDeps } from './handler-types.js';

/**
 * The desktop-api as plain Node: every method takes `unknown`, parses it with the contract's schema,
 * runs its handler and answers a Result. The handler of `a.b` is in `a-handlers.ts`. The Electron IPC
 * handlers and the web bridge both call `handle`; tests call it directly. A fault of ours is logged
 * and answered with a Chinese message, never thrown across the boundary.
 */
export class DesktopHandlers {
  private readonly handlers: ReadonlyMap<string, AnyHandler>;

  constructor(private readonly deps: DesktopDeps) {
    this.handlers = mergeHandlers([
      appHandlers(deps.log),
      batchesHandlers(deps),
      personsHandlers(deps),
      returnedHandlers(deps),
      syncHandlers(deps),
      progressHandlers(deps),
      settingsHandlers(deps.db),
      photosHandlers(deps),
      evidenceHandlers(deps),
      findingsHandlers(deps),
      reportHandlers(deps),
      templateHandlers(deps),
      importHandlers(deps),
      studyAccountsHandlers(deps),
      studyRecordsHandlers(deps),
      trainingHandlers(deps),
      examScoresHandlers(deps),
      examTasksHandlers(deps),
      paymentsHandlers(deps),
      certificatesHandlers(deps),
      referenceHandlers(deps),
      accountHandlers(deps),
      updatesHandlers(),
    ]);
    checkAgainstContract(this.handlers, Object.keys(DESKTOP_API));
  }

  has(method: string): method is DesktopMethod {
    return Object.hasOwn(DESKTOP_API, method);
  }

  /** One call from the window: parse, run, answer. */
  async handle(method: string, input: unknown): Promise<Result<unknown>> {
    if (!this.has(method)) return { ok: false, error: { code: 'unknown_method', message: `程序内部错误：没有“${method}”这个功能，请把报名助手升级到最新版本。` } };
    const parsed = DESKTOP_API[method].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? `（${issue.path.join('.')}）` : '';
      return { ok: false, error: { code: 'invalid_input', message: `提交的内容格式不对${where}：${issue?.message ?? ''}。请检查后重试。` } };
    }
    try {
      const run = this.handlers.get(method) as (input: unknown) => unknown;
      return { ok: true, value: await run(parsed.data) };
    } catch (e) {
      const known = desktopErrorOf(e, path.dirname(this.deps.db.name));
      if (known) return { ok: false, error: known };
      this.deps.log?.(`desktop-api ${method} failed`, e);
      return { ok: false, error: INTERNAL_ERROR };
    }
  }
}
