import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/open-store.js';
import { createBatch } from '../../../src-main/store/batches-repo.js';
import { claimDue, enqueuePush, getJob, requeueInterrupted, THIS_RUNNER } from '../../../src-main/sync/outbox-repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The outbox on a real SQLite file: one open job per batch, and who may take over a running job. */
const root = tempDir('zfbm-outbox-');

describe('outbox', () => {
  it('queues one open job per batch, and hands a job left by a dead process back to the queue — not one a live process runs', () => {
    const db = openStore(path.join(root, 'd'));
    try {
      const now = new Date();
      const actor = { name: '测试员', now: () => now };
      const a = createBatch(db, actor, { kind: 'new' });
      const b = createBatch(db, actor, { kind: 'new' });
      const ja = enqueuePush(db, a.id, now);
      expect(enqueuePush(db, a.id, now).id).toBe(ja.id);
      const jb = enqueuePush(db, b.id, now);

      expect(claimDue(db, now, ja.id)).toMatchObject({ id: ja.id, state: 'running' });
      expect(db.prepare('SELECT runner FROM outbox WHERE id = ?').pluck().get(ja.id)).toBe(THIS_RUNNER);
      claimDue(db, now, jb.id);
      // ja: a process that no longer exists; jb: a live one (our parent, the test runner's main process).
      db.prepare('UPDATE outbox SET runner = ? WHERE id = ?').run(`${os.hostname()}:2147483646`, ja.id);
      db.prepare('UPDATE outbox SET runner = ? WHERE id = ?').run(`${os.hostname()}:${process.ppid}`, jb.id);
      expect(requeueInterrupted(db, now)).toBe(1);
      expect(getJob(db, ja.id)!.state).toBe('queued');
      expect(getJob(db, jb.id)!.state).toBe('running');
    } finally {
      db.close();
    }
  });
});
