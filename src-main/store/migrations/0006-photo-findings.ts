/**
 * A person's photo findings count as the person's findings (issue 17): the person lists' 问题 column
 * and 只看错误 filter, the batch's 有错误, 首页's 有错误待修改 and the 提交 button all read them. They
 * used to read only the row's own error_count, so a batch said 有错误 0 while its photos failed and a
 * missing photo was first mentioned at 提交.
 *
 * Two columns kept on the person, so that the lists stay answered from the persons_list index (bench/
 * list, 50,000 people) instead of looking into the photos table for every row they count:
 *   has_photo          1 when the person has a current photo;
 *   photo_error_count  the current photo's error findings, or 1 (photo.missing) when there is none.
 * Every photo spec requires a photo (the server refuses a person without one), so "no photo" is always
 * an error. The triggers keep both in step with the photos table whatever writes it (照片导入, the
 * form's 选择照片 and 一键修正, a new photo spec from the server re-checking photos), so no writer can
 * forget; a new person starts with no photo (the defaults).
 */
const RECOUNT_SET = `
  has_photo = EXISTS (SELECT 1 FROM photos ph WHERE ph.person_id = persons.id AND ph.current = 1),
  photo_error_count = coalesce(
    (SELECT (SELECT COUNT(*) FROM json_each(ph.issues_json) e WHERE json_extract(e.value, '$.severity') = 'error')
     FROM photos ph WHERE ph.person_id = persons.id AND ph.current = 1 ORDER BY ph.id DESC LIMIT 1),
    1)`;
const RECOUNT = (personId: string) => `UPDATE persons SET ${RECOUNT_SET} WHERE id = ${personId};`;

export const MIGRATION_0006 = `
ALTER TABLE persons ADD COLUMN has_photo INTEGER NOT NULL DEFAULT 0 CHECK (has_photo IN (0, 1));
ALTER TABLE persons ADD COLUMN photo_error_count INTEGER NOT NULL DEFAULT 1;

UPDATE persons SET ${RECOUNT_SET};

CREATE TRIGGER photos_counts_insert AFTER INSERT ON photos BEGIN ${RECOUNT('NEW.person_id')} END;
CREATE TRIGGER photos_counts_update AFTER UPDATE OF person_id, current, issues_json ON photos BEGIN
  ${RECOUNT('NEW.person_id')}
  ${RECOUNT('OLD.person_id')}
END;
CREATE TRIGGER photos_counts_delete AFTER DELETE ON photos BEGIN ${RECOUNT('OLD.person_id')} END;

-- The lists' index (migration 0003) with the two columns, so 只看错误, the batch's 有错误 and its
-- count of people without a photo are still answered from the index alone.
DROP INDEX persons_list;
CREATE INDEX persons_list ON persons (batch_id, row_number IS NULL, row_number, id, id_number, name, status, error_count, photo_error_count, has_photo);
`;
