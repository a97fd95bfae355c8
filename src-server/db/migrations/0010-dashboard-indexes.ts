/**
 * Indexes for 工作概况 (the bureau's dashboard), which counts per unit without loading people:
 * the people waiting by unit (only waiting ones are in the index, so it stays small), each person's
 * decisions with level, result and time (the counts are read from the index alone), and study accounts
 * by unit and time. Measured on 100,000 people: see src-server/review/dashboard-service.ts.
 */
export const MIGRATION_0010 = `
CREATE INDEX persons_waiting_unit ON persons (unit_id, pending_level) WHERE pending_jurisdiction_id IS NOT NULL;
CREATE INDEX decisions_person_time ON decisions (person_id, decided_at, level, result);
CREATE INDEX study_accounts_unit_created ON study_accounts (unit_id, created_at);
`;
