/**
 * The province level of the review (issue 19, Guangxi notice step 5 (2)): region-level units (南宁铁路局,
 * 农垦局, 区直部门) are reviewed first by their own department's legal office and finally by the province
 * office, not by a county and a city.
 *
 * `jurisdictions.kind` says where a jurisdiction sits: a city or county judicial bureau as before, the
 * province's judicial bureau ('province', no parent), or a department directly under the province
 * ('department', whose legal office reviews; its parent is the province). `level` stays what it was —
 * the review tier — so the persons, decisions and users tables keep their CHECKs and every query that
 * matches a reviewer's level to a person's pending level works unchanged: a department reviews at the
 * lower tier ('county'), the province at the upper ('city'). The triggers keep kind, level and parent
 * consistent, so no bug can put a department under a city or a county under the province (a row the
 * table's own CHECK refuses is left to it, so its message stays the one it was).
 */
export const MIGRATION_0015 = `
ALTER TABLE jurisdictions ADD COLUMN kind TEXT NOT NULL DEFAULT 'city' CHECK (kind IN ('city', 'county', 'province', 'department'));
UPDATE jurisdictions SET kind = level;
CREATE TRIGGER jurisdictions_kind_fits BEFORE INSERT ON jurisdictions
  WHEN ((NEW.level = 'city' AND NEW.parent_id IS NULL) OR (NEW.level = 'county' AND NEW.parent_id IS NOT NULL)) AND NOT (
    (NEW.kind IN ('city', 'province') AND NEW.level = 'city' AND NEW.parent_id IS NULL) OR
    (NEW.kind IN ('county', 'department') AND NEW.level = 'county' AND
     (SELECT kind FROM jurisdictions WHERE id = NEW.parent_id) IS (CASE NEW.kind WHEN 'county' THEN 'city' ELSE 'province' END))
  )
BEGIN
  SELECT RAISE(ABORT, 'a jurisdiction''s kind must fit its level and parent: county under city, department under province');
END;
CREATE TRIGGER jurisdictions_kind_fixed BEFORE UPDATE OF kind, level, parent_id ON jurisdictions
BEGIN
  SELECT RAISE(ABORT, 'a jurisdiction''s place in the tree does not change');
END;
`;
