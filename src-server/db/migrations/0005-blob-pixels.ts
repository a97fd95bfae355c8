/**
 * The pixel size of each uploaded photo, read from its header once at upload, so a 1,000-person batch
 * is checked against the photo spec without opening a thousand files. NULL for PDFs and for image
 * bytes the server could not read (a damaged file: refused when a batch names it as a photo).
 */
export const MIGRATION_0005 = `
ALTER TABLE blobs ADD COLUMN width INTEGER CHECK (width > 0);
ALTER TABLE blobs ADD COLUMN height INTEGER CHECK (height > 0);
`;
