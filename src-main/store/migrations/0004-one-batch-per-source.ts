/**
 * One open batch per imported file (issue 14): the same bytes imported twice at the same moment (the
 * window and the CLI, or a double click) used to make two batches, because the "already imported"
 * check ran before the write transaction. The import now checks inside its IMMEDIATE transaction
 * (src-main/import/import-file.ts); this index makes a second open batch for the same source
 * impossible whatever the code does.
 *
 * "The same source" is the file's SHA-256 and the batch's kind: the same bytes read as a renewal list
 * (--renewal) are another batch than read as new applicants, as import has always allowed. A report
 * (问题清单) imported back into its batch moves that batch's source to the report's bytes; the import
 * finds it by them from then on. Batches made by hand have no source (''), and a closed batch no
 * longer counts: the same people may be registered again once it is closed.
 *
 * A store that the race already hit holds such twins. They are kept with all their people (a clerk
 * may have worked on either); only the earlier one stays the file's batch, as the import always
 * picked it, and the later ones lose their source, as if made by hand, with a line in the audit log.
 */
export const MIGRATION_0004 = `
CREATE TEMP TABLE twin_batches AS
  SELECT b.id, b.source_sha256 AS sha FROM batches b
  WHERE b.source_sha256 <> '' AND b.status <> 'closed' AND EXISTS (
    SELECT 1 FROM batches o
    WHERE o.source_sha256 = b.source_sha256 AND o.kind = b.kind AND o.status <> 'closed'
      AND (o.created_at < b.created_at OR (o.created_at = b.created_at AND o.rowid < b.rowid)));
INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, detail)
  SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '报名助手', 'batch.source_cleared', 'batch', id, 'sourceSha256', sha, '',
    '同一文件被同时导入了两次：较早的批次仍算作该文件的导入，这个批次保留全部人员，按手工添加的批次处理'
  FROM twin_batches;
UPDATE batches SET source_sha256 = '' WHERE id IN (SELECT id FROM twin_batches);
DROP TABLE twin_batches;
CREATE UNIQUE INDEX batches_one_per_source ON batches (source_sha256, kind) WHERE source_sha256 <> '' AND status <> 'closed';
`;
