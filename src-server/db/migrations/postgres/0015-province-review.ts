/**
 * 0015-province-review in PostgreSQL's words. Differs from the SQLite text: the triggers are plpgsql
 * functions raising the same English text; SQLite's `IS` (null-safe) is IS NOT DISTINCT FROM, and the
 * WHEN clause is an IF (a NULL condition raises nothing, as a NULL WHEN fires nothing).
 *
 * Order: a row both insert triggers refuse (a county under a county) gets this trigger's message on
 * SQLite, which runs the newest trigger first; PostgreSQL runs them by name, and jurisdictions_kind_fits
 * sorts before 0001's jurisdictions_parent_is_city, so the message is the same. BEFORE triggers run
 * before the CHECKs on both, and `kind` has its DEFAULT in NEW on both.
 */
export const PG_0015 = `
ALTER TABLE jurisdictions ADD COLUMN kind TEXT NOT NULL DEFAULT 'city' CHECK (kind IN ('city', 'county', 'province', 'department'));
UPDATE jurisdictions SET kind = level;

CREATE FUNCTION jurisdictions_kind_fits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ((NEW.level = 'city' AND NEW.parent_id IS NULL) OR (NEW.level = 'county' AND NEW.parent_id IS NOT NULL)) AND NOT (
    (NEW.kind IN ('city', 'province') AND NEW.level = 'city' AND NEW.parent_id IS NULL) OR
    (NEW.kind IN ('county', 'department') AND NEW.level = 'county' AND
     (SELECT kind FROM jurisdictions WHERE id = NEW.parent_id) IS NOT DISTINCT FROM (CASE NEW.kind WHEN 'county' THEN 'city' ELSE 'province' END))
  ) THEN
    RAISE EXCEPTION 'a jurisdiction''s kind must fit its level and parent: county under city, department under province';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jurisdictions_kind_fits BEFORE INSERT ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION jurisdictions_kind_fits();

CREATE TRIGGER jurisdictions_kind_fixed BEFORE UPDATE OF kind, level, parent_id ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION refuse_change('a jurisdiction''s place in the tree does not change');
`;
