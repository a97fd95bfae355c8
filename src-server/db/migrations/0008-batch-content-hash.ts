/**
 * The SHA-256 of each batch's content as the unit last sent it (`batchContentSha256`, computed the same
 * way by the desktop), so that `HEAD /batches/:id` can answer "is the server's copy the same as mine?"
 * with an ETag from one indexed row, without reading the people. Batches stored before this migration
 * have '' until their unit sends them again; HEAD then sends no ETag and the desktop simply pushes.
 */
export const MIGRATION_0008 = `
ALTER TABLE batches ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
`;
