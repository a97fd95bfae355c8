/**
 * The person lists (人员导入 and the others, src-main/store/person-query.ts) over 50,000 people (issue 7):
 * one index in the lists' own order (batch, imported rows by Excel row, then people added by hand)
 * that also holds every column the lists filter on. A page is then a walk along the index that
 * reads the table only for the 50 rows it shows, and the count and the ID / name / status / error
 * filters are answered from the index alone, without a sort and without reading the persons' full
 * rows (raw_json and issues_json make them large). Without it the first page sorted the whole batch
 * and every search read every row of it.
 */
export const MIGRATION_0003 = `
CREATE INDEX persons_list ON persons (batch_id, row_number IS NULL, row_number, id, id_number, name, status, error_count);
`;
