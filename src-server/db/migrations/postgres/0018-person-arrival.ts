/** 0018-person-arrival in PostgreSQL's words: the same statements (ALTER, UPDATE and a partial index read alike). */
export const PG_0018 = `
ALTER TABLE persons ADD COLUMN arrived_at TEXT NOT NULL DEFAULT '';
UPDATE persons SET arrived_at = COALESCE(
  (SELECT MAX(d.decided_at) FROM decisions d WHERE d.person_id = persons.id AND d.version = persons.version AND d.result = 'approved'),
  (SELECT v.submitted_at FROM person_versions v WHERE v.person_id = persons.id AND v.version = persons.version),
  '');
DROP INDEX persons_pending;
CREATE INDEX persons_queue ON persons (pending_jurisdiction_id, pending_level, arrived_at, id, version, batch_id, unit_id, name, id_number) WHERE pending_jurisdiction_id IS NOT NULL;
`;
