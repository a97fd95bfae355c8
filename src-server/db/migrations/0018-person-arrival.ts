/**
 * When a person began waiting where they wait (`arrived_at`), kept on the person instead of worked out
 * per row from the latest approval of their version, else its submission. The reviewer's queue is
 * ordered by it and counts "new since your last visit" by it; computed per row, a city bureau's
 * 18,700 waiting people were read whole, sorted on disk and counted again for every page
 * (`npm run bench:queue`). Written with the pending place (batch-store.ts at submission and
 * resubmission, review-store.ts setStanding at a decision); it means nothing once the person no longer
 * waits. Existing people get the value the old computation gave.
 *
 * `persons_queue` reads a bureau's queue in order from the index; the counts, the batches' tallies and
 * the filters (unit, first or later submission, a name or an ID number) from the index alone: the
 * columns they read ride along. It replaces `persons_pending`, its prefix. (No INCLUDE: SQLite has none,
 * and both stores keep the same index.)
 */
export const MIGRATION_0018 = `
ALTER TABLE persons ADD COLUMN arrived_at TEXT NOT NULL DEFAULT '';
UPDATE persons SET arrived_at = COALESCE(
  (SELECT MAX(d.decided_at) FROM decisions d WHERE d.person_id = persons.id AND d.version = persons.version AND d.result = 'approved'),
  (SELECT v.submitted_at FROM person_versions v WHERE v.person_id = persons.id AND v.version = persons.version),
  '');
DROP INDEX persons_pending;
CREATE INDEX persons_queue ON persons (pending_jurisdiction_id, pending_level, arrived_at, id, version, batch_id, unit_id, name, id_number) WHERE pending_jurisdiction_id IS NOT NULL;
`;
