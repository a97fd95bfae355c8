import { getAppSetting, setAppSetting } from '../store/app-settings.js';
import { withdrawJob } from '../sync/withdraw.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';
import { markNewsSeen, pullAndRecord, readNews } from '../sync/pull-news.js';

type SyncMethod =
  | 'sync.status' | 'sync.submit' | 'sync.configure' | 'sync.login' | 'sync.changePassword' | 'sync.pull' | 'sync.logout'
  | 'sync.pause' | 'sync.resume' | 'sync.withdraw' | 'sync.seenNews';

/** 人员提交 and 同步设置: the connection, signing in and out, submitting a batch, the upload queue, pulling the answers. */
export function syncHandlers(d: Pick<DesktopDeps, 'db' | 'sync' | 'registration' | 'actor' | 'kickOutbox' | 'puller'>): ImplFor<SyncMethod> {
  const { db, sync } = d;
  return {
    'sync.status': () => {
      const s = sync.status();
      return {
        serverUrl: s.settings?.serverUrl ?? '',
        signedIn: s.signedIn && { ...s.signedIn, mustChangePassword: sync.mustChangePassword },
        contact: sync.lastContact,
        news: readNews(db),
        pulling: d.puller?.busy ?? false,
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
      const job = sync.submitBatch(d.registration().getBatch(i.batchId).id);
      d.kickOutbox?.();
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
      // The unit's 司法局: the 上级单位 of the batches made here from now on.
      setAppSetting(db, 'app.jurisdictionName', r.user.jurisdiction?.name ?? '');
      d.kickOutbox?.();
      // Signed in: what came back while signed out arrives now (its failure is logged by the puller).
      if (!r.mustChangePassword) d.puller?.nudge();
      return { mustChangePassword: r.mustChangePassword, displayName: r.user.displayName, unitName: r.user.unit?.name ?? '' };
    },
    'sync.changePassword': async (i) => {
      await sync.changePassword(i.oldPassword, i.newPassword);
      d.puller?.nudge();
      return { ok: true as const };
    },
    'sync.pull': async () => {
      const r = await (d.puller ? d.puller.pullNow() : pullAndRecord(sync, db, d.actor));
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
      d.kickOutbox?.();
      return { changed };
    },
    'sync.withdraw': (i) => withdrawJob(db, d.actor, i.jobId),
    'sync.seenNews': () => {
      markNewsSeen(db);
      return { ok: true as const };
    },
  };
}
