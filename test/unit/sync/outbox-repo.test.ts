import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/open-store.js';
import { createBatch } from '../../../src-main/store/batches-repo.js';
import { claimDue, enqueuePush, getJob, heldByOther, isHeld, markFailed, queueRows, renewLease, scheduleRetry, setProgress, THIS_RUNNER } from '../../../src-main/store/outbox-repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The outbox on a real SQLite file: one open job per batch, and who may take over a running job (the lease, not a PID). */
const root = tempDir('zfbm-outbox-');
const at = (base: Date, s: number) => new Date(base.getTime() + s * 1000);

describe('outbox', () => {
  it('queues one open job per batch; a claim holds for its lease, is renewed by its holder only, and is taken over once it passes — whatever process now has the old PID', () => {
    const db = openStore(path.join(root, 'd'));
    try {
      const now = new Date('2026-12-06T08:00:00Z');
      const actor = { name: '测试员', now: () => now };
      const a = createBatch(db, actor, { kind: 'new' });
      const b = createBatch(db, actor, { kind: 'new' });
      const ja = enqueuePush(db, a.id, now);
      expect(enqueuePush(db, a.id, now).id).toBe(ja.id);
      const jb = enqueuePush(db, b.id, now);

      const claimed = claimDue(db, now, ja.id, 20_000)!;
      expect(claimed).toMatchObject({ id: ja.id, state: 'running', runner: THIS_RUNNER, leaseUntil: at(now, 20).toISOString() });
      expect(isHeld(getJob(db, ja.id)!, at(now, 5))).toBe(true);
      expect(isHeld(getJob(db, ja.id)!, at(now, 20))).toBe(false);
      expect(renewLease(db, ja.id, at(now, 10), 20_000)).toBe(true);
      expect(getJob(db, ja.id)!.leaseUntil).toBe(at(now, 30).toISOString());

      // A pusher that died: its runner tag names a PID that is alive now (our parent, the test runner),
      // as after a reboot or on Windows. Held until its lease passes, then taken over at once.
      claimDue(db, now, jb.id);
      const dead = `${os.hostname()}:${process.ppid}:deadbeef`;
      db.prepare('UPDATE outbox SET runner = ?, lease_until = ? WHERE id = ?').run(dead, at(now, 15).toISOString(), jb.id);
      expect(heldByOther(getJob(db, jb.id)!, at(now, 14))).toBe(true);
      expect(claimDue(db, at(now, 14), jb.id)).toBeUndefined();
      // The dead one's renewal (were it to wake) fails once it is ours; ours succeeds.
      expect(claimDue(db, at(now, 15), jb.id)).toMatchObject({ id: jb.id, runner: THIS_RUNNER });
      expect(db.prepare('UPDATE outbox SET lease_until = ? WHERE id = ? AND runner = ?').run('x', jb.id, dead).changes).toBe(0);
      expect(heldByOther(getJob(db, jb.id)!, at(now, 16))).toBe(false);

      // A pusher that lost its lease cannot put the job back in the queue under the new holder.
      db.prepare('UPDATE outbox SET runner = ? WHERE id = ?').run('elsewhere:1:aaaa', ja.id);
      scheduleRetry(db, ja.id, at(now, 60), { code: 'network', message: '断网' }, true, now);
      expect(getJob(db, ja.id)!.state).toBe('running');
      expect(renewLease(db, ja.id, now)).toBe(false);

      // A pusher on this PC whose PID is no process at all is certainly gone: taken over at once, lease or not.
      db.prepare('UPDATE outbox SET runner = ?, lease_until = ? WHERE id = ?').run(`${os.hostname()}:2147483646:cafe`, at(now, 20).toISOString(), jb.id);
      expect(heldByOther(getJob(db, jb.id)!, now)).toBe(false);
      expect(claimDue(db, now, jb.id)).toMatchObject({ id: jb.id, runner: THIS_RUNNER });

      // Progress is written without a flush of its own, and the store's own level is back afterwards,
      // also when called inside a transaction (where SQLite refuses to change it).
      setProgress(db, jb.id, { filesDone: 3, filesTotal: 6 }, now);
      db.transaction(() => setProgress(db, jb.id, { filesDone: 4 }, now))();
      expect(getJob(db, jb.id)).toMatchObject({ filesDone: 4, filesTotal: 6 });
      expect(db.pragma('synchronous', { simple: true })).toBe(2);

      // status lists what still needs someone: the failed job with its reason, not the done one.
      const c = createBatch(db, actor, { kind: 'new' });
      const jc = enqueuePush(db, c.id, now);
      markFailed(db, jc.id, { code: 'batch.invalid_rows', message: '服务器检查发现 1 人有错误。' }, now);
      db.prepare("UPDATE outbox SET state = 'done' WHERE id = ?").run(jb.id);
      expect(queueRows(db).map((r) => [r.id, r.state, r.errorMessage])).toEqual([[ja.id, 'running', ''], [jc.id, 'failed', '服务器检查发现 1 人有错误。']]);
      expect(queueRows(db, { all: true }).map((r) => r.id)).toEqual([ja.id, jb.id, jc.id]);
      db.prepare("UPDATE outbox SET state = 'running' WHERE id = ?").run(jb.id);

      // A job from before leases (running, no lease) is taken over at once.
      db.prepare("UPDATE outbox SET runner = 'old-host:4242', lease_until = '' WHERE id = ?").run(ja.id);
      expect(claimDue(db, now, ja.id)).toMatchObject({ id: ja.id, runner: THIS_RUNNER });
    } finally {
      db.close();
    }
  });
});
