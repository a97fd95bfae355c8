/** 0008-batch-content-hash in PostgreSQL's words: the same statement. */
export const PG_0008 = `
ALTER TABLE batches ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
`;
