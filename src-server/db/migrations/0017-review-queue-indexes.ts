/**
 * Indexes for the reviewer's queue (GET /review/pending, review/review-store.ts): each waiting person's
 * arrival is the latest approval of their current version, else the version's submission, computed per
 * person for the order and the "new since your last visit" counts. With these both are read from an
 * index alone, with no visit to the wide person_versions row (its fields_json) or to the decision row.
 * Measured by `npm run bench:queue` on 1,000,000 people, PostgreSQL: the counts of an 18,700-person city
 * queue 105-153 ms -> 78-100 ms, its first 5,000 166-203 ms -> 130-178 ms (EXPLAIN ANALYZE, loaded 2-core VM).
 */
export const MIGRATION_0017 = `
CREATE INDEX person_versions_submitted ON person_versions (person_id, version, submitted_at);
CREATE INDEX decisions_approved ON decisions (person_id, version, decided_at) WHERE result = 'approved';
`;
