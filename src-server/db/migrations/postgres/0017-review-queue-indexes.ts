/** 0017-review-queue-indexes in PostgreSQL's words: the same statements (a partial index is the same in both). */
export const PG_0017 = `
CREATE INDEX person_versions_submitted ON person_versions (person_id, version, submitted_at);
CREATE INDEX decisions_approved ON decisions (person_id, version, decided_at) WHERE result = 'approved';
`;
