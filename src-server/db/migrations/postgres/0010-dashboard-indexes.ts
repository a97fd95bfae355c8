/** 0010-dashboard-indexes in PostgreSQL's words: the same statements. */
export const PG_0010 = `
CREATE INDEX persons_waiting_unit ON persons (unit_id, pending_level) WHERE pending_jurisdiction_id IS NOT NULL;
CREATE INDEX decisions_person_time ON decisions (person_id, decided_at, level, result);
CREATE INDEX study_accounts_unit_created ON study_accounts (unit_id, created_at);
`;
