import path from 'node:path';
import { ZodError, type z } from 'zod';
import { DESKTOP_API, type DesktopError, type DesktopMethod, type DesktopOutput, type Result } from '../../src-shared/contract/desktop-api.js';
import { DB_FILE, type Db } from '../store/open-store.js';
import { storageFault } from '../store/storage-fault.js';
import { queryPersons } from '../store/person-query.js';
import { ServiceError, type RegistrationService } from './registration-service.js';
import type { PhotoService } from '../photos/photo-service.js';
import type { SyncService } from '../sync/sync-service.js';
import { SyncError } from '../sync/sync-error.js';
import { NotReadyError } from '../sync/batch-payload.js';
import { listReturned } from '../sync/review-records.js';
import { WorkbookError } from '../excel/workbook-error.js';
import { OutputFileError } from '../excel/atomic-write.js';
import { EvidenceError, type EvidenceService } from '../evidence/evidence-service.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Actor } from '../store/clock.js';
import { getAppSetting, setAppSetting } from '../store/app-settings.js';
import { localIso } from '../store/clock.js';
import { PhotoLockedError } from '../photos/photo-service.js';
import { PhotoFolderError } from '../photos/photo-files.js';
import { PersonPhotoError } from '../photos/person-photo.js';
import { PhotoSpecError } from '../../src-node/reference/photo-specs.js';
import { personDetail } from './person-detail.js';
import { settingsHandlers } from './settings-handlers.js';
import { batchWorkHandlers } from './batch-work-handlers.js';
import type { ProgressHub } from './progress-hub.js';
import { recordsHandlers } from './records-handlers.js';
import { appHandlers } from './app-handlers.js';

/**
 * The desktop-api as plain Node: every method takes `unknown`, parses it with the contract's schema,
 * calls the services and answers a Result. The Electron IPC handlers and the web bridge both call
 * `handle`; tests call it directly. A fault of ours is logged and answered with a Chinese message,
 * never thrown across the boundary.
 */
export interface DesktopDeps {
  db: Db;
  /** A service over the code tables in force now (they change when a pull brings new ones). */
  registration: () => RegistrationService;
  photos: PhotoService;
  blobs: BlobStore;
  evidence: EvidenceService;
  actor: Actor;
  sync: SyncService;
  progress: ProgressHub;
  /** Tells the background pusher that a job may go now (submitted, signed in). */
  kickOutbox?: () => void;
  log?: (message: string, error: unknown) => void;
}

type Impl = { [M in DesktopMethod]: (input: z.output<(typeof DESKTOP_API)[M]['input']>) => Promise<DesktopOutput<M>> | DesktopOutput<M> };

function errorOf(e: unknown, dataDir: string): DesktopError | undefined {
  // The data folder read-only, not ours to write, full, or held by another program (issue 14).
  const fault = storageFault(e, dataDir, path.join(dataDir, DB_FILE));
  if (fault) return { code: `store.${fault.code}`, message: fault.message };
  if (e instanceof ServiceError) return { code: e.code, message: e.message };
  if (e instanceof WorkbookError || e instanceof OutputFileError) return { code: 'file', message: e.message };
  if (e instanceof ZodError) return { code: 'invalid_input', message: e.issues[0]?.message ?? '填写的内容不对，请检查。' };
  if (e instanceof EvidenceError) return { code: `evidence.${e.code}`, message: e.message };
  if (e instanceof PhotoLockedError) return { code: 'not_editable', message: e.message };
  if (e instanceof PhotoFolderError || e instanceof PersonPhotoError || e instanceof PhotoSpecError) return { code: 'photo', message: e.message };
  if (e instanceof NotReadyError) return { code: 'not_ready', message: e.message };
  if (e instanceof SyncError) return { code: e.code, message: e.message };
  return undefined;
}

export class DesktopHandlers {
  private readonly impl: Impl;

  constructor(private readonly deps: DesktopDeps) {
    const { db, photos, sync } = deps;
    const registration = deps.registration;
    const detail = (id: number) => personDetail(db, registration(), photos, id);
    this.impl = {
      ...appHandlers(deps.log),
      ...recordsHandlers(db),
      ...settingsHandlers(db),
      ...batchWorkHandlers({ db, actor: deps.actor, registration, photos, blobs: deps.blobs, evidence: deps.evidence, progress: deps.progress, ...(deps.kickOutbox ? { kickOutbox: deps.kickOutbox } : {}) }),
      'batches.list': () => registration().listBatches(),
      'batches.get': (i) => registration().getBatch(i.batchId),
      'persons.query': (i) => queryPersons(db, i),
      'persons.get': (i) => detail(i.personId),
      'persons.add': (i) => detail(registration().addPerson(i.batchId, i.fields).id),
      'persons.update': (i) => {
        const p = registration().updatePerson(i.personId, i.fields);
        // A returned person saved without errors was queued to go out again.
        if (p.status === 'rejected') deps.kickOutbox?.();
        return detail(p.id);
      },
      'persons.check': (i) => registration().preview(i.batchId, i.personId, i.fields),
      'returned.list': () => listReturned(db),
      'sync.status': () => {
        const s = sync.status();
        return {
          serverUrl: s.settings?.serverUrl ?? '',
          signedIn: s.signedIn,
          queue: s.jobs.flatMap((j) =>
            j.state === 'done' || j.state === 'cancelled'
              ? []
              : [{
                  id: j.id, batchId: j.batchId, batchNumber: j.batchNumber, state: j.state, filesDone: j.filesDone, filesTotal: j.filesTotal,
                  bytesDone: j.bytesDone, bytesTotal: j.bytesTotal, errorMessage: j.errorMessage, nextAttemptAt: j.nextAttemptAt, unconfirmed: j.unconfirmed,
                }],
          ),
          persons: s.persons,
          studyAccounts: s.studyAccounts,
          lastSyncAt: getAppSetting(db, 'app.lastSyncAt'),
        };
      },
      'sync.submit': (i) => {
        const job = sync.submitBatch(registration().getBatch(i.batchId).id);
        deps.kickOutbox?.();
        return { jobId: job.id };
      },
      'sync.configure': (i) => {
        const s = sync.configure({
          ...(i.serverUrl !== undefined ? { serverUrl: i.serverUrl } : {}),
          ...(i.proxy !== undefined ? { proxy: i.proxy } : {}),
          ...(i.caFile !== undefined ? { caFile: i.caFile } : {}),
          ...(i.timeoutSeconds !== undefined ? { timeoutSeconds: i.timeoutSeconds } : {}),
        });
        return { serverUrl: s.serverUrl, proxy: s.proxy, caFile: s.caFile };
      },
      'sync.login': async (i) => {
        const r = await sync.login(i.username, i.password);
        setAppSetting(db, 'app.unitName', r.user.unit?.name ?? '');
        deps.kickOutbox?.();
        return { mustChangePassword: r.mustChangePassword, displayName: r.user.displayName, unitName: r.user.unit?.name ?? '' };
      },
      'sync.changePassword': async (i) => {
        await sync.changePassword(i.oldPassword, i.newPassword);
        return { ok: true as const };
      },
      'sync.pull': async () => {
        const r = await sync.pull();
        setAppSetting(db, 'app.lastSyncAt', localIso(deps.actor.now()));
        return {
          decisions: r.decisions, rejected: r.rejected, approved: r.approved, studyAccounts: r.studyAccounts, studyRecords: r.studyRecords, examScores: r.examScores,
          referenceChanged: r.reference.changed, newProblems: r.reference.newErrors,
        };
      },
      'sync.logout': async () => {
        await sync.logout();
        return { ok: true as const };
      },
      'sync.pause': (i) => ({ changed: sync.pause(i.jobId) }),
      'sync.resume': (i) => {
        const changed = sync.resume(i.jobId);
        deps.kickOutbox?.();
        return { changed };
      },
      'sync.cancel': (i) => ({ changed: sync.cancel(i.jobId) }),
      'progress.current': () => deps.progress.current(),
      'template.write': async (i) => {
        await registration().writeTemplate(i.file, i.kind);
        return { file: i.file };
      },
      'import.file': async (i) => {
        // A new batch belongs to the unit of the account signed in here (批次表's 添加单位).
        const unit = getAppSetting(db, 'app.unitName');
        const onProgress = (phase: 'reading' | 'saving', done: number, total?: number) =>
          deps.progress.report('import', done, total ?? 0, `${phase === 'reading' ? '已读取并检查' : '已保存'} ${done}${total ? `/${total}` : ''} 人…`);
        try {
          return await registration().importFile(i.file, { ...(i.kind ? { kind: i.kind } : {}), ...(unit ? { unit } : {}), onProgress });
        } finally {
          deps.progress.done('import');
        }
      },
    };
  }

  has(method: string): method is DesktopMethod {
    return Object.hasOwn(DESKTOP_API, method);
  }

  /** One call from the window: parse, run, answer. */
  async handle(method: string, input: unknown): Promise<Result<unknown>> {
    if (!this.has(method)) return { ok: false, error: { code: 'unknown_method', message: `程序内部错误：没有“${method}”这个功能，请把报名助手升级到最新版本。` } };
    const spec = DESKTOP_API[method];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? `（${issue.path.join('.')}）` : '';
      return { ok: false, error: { code: 'invalid_input', message: `提交的内容格式不对${where}：${issue?.message ?? ''}。请检查后重试。` } };
    }
    try {
      const run = this.impl[method] as (input: unknown) => unknown;
      return { ok: true, value: await run(parsed.data) };
    } catch (e) {
      const known = errorOf(e, path.dirname(this.deps.db.name));
      if (known) return { ok: false, error: known };
      this.deps.log?.(`desktop-api ${method} failed`, e);
      return { ok: false, error: { code: 'internal', message: '程序内部出错，这次操作没有完成，数据没有改变。请重试；如果一直出现，请把日志文件发给技术支持。' } };
    }
  }
}
