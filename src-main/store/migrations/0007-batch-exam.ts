/**
 * A batch registers for one exam task (issue 19): the exam's id on the server (GET /reference's
 * exams) and its name as it was when the batch got it, so the batch table names the exam offline and
 * after the exam has dropped out of the reference list. Both empty for batches made before any exam
 * was known (the server then takes the one exam open for 报名, as for desktops before issue 19).
 */
export const MIGRATION_0007 = `
ALTER TABLE batches ADD COLUMN exam_id INTEGER CHECK (exam_id IS NULL OR exam_id > 0);
ALTER TABLE batches ADD COLUMN exam_name TEXT NOT NULL DEFAULT '';
`;
