/**
 * Push jobs owned by a lease, not by a process id (issue 15). A push killed mid-way left its job
 * "running" under host:pid; the next push skipped it while that PID was alive, and after a reboot (or
 * on Windows, which hands PIDs out again quickly) an unrelated process held it, so the job stalled for
 * good. Now the pusher renews `lease_until` while it works; a running job whose lease has passed is
 * taken over by whoever asks next. Jobs running under the old scheme have no lease: taken over at once.
 *
 * `batch_sent_at`: when the batch itself (not its files) last went out without its answer being
 * stored. Its people are "待确认" (the server may or may not have them) until a push or a pull settles
 * it; a stored answer closes the job, so the column only matters on open jobs.
 */
export const MIGRATION_0005 = `
ALTER TABLE outbox ADD COLUMN lease_until TEXT NOT NULL DEFAULT '';    -- ISO 8601 UTC; '' = no lease
ALTER TABLE outbox ADD COLUMN batch_sent_at TEXT NOT NULL DEFAULT '';  -- ISO 8601 UTC; '' = not sent unanswered
`;
