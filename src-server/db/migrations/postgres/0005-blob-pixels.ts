/** 0005-blob-pixels in PostgreSQL's words: INTEGER is BIGINT; nothing else differs. */
export const PG_0005 = `
ALTER TABLE blobs ADD COLUMN width BIGINT CHECK (width > 0);
ALTER TABLE blobs ADD COLUMN height BIGINT CHECK (height > 0);
`;
