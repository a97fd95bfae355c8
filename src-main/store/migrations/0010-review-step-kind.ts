/**
 * The province chain (issue 19 item 6): a decision on a unit under a province department was taken
 * by the department's legal office (the `county` tier) or by the province office (the `city` tier).
 * The feed says which (`kind`); kept so 审核记录 names 部门法制机构 / 省级 rather than 县级 / 市级.
 * NULL for a county or city bureau's decision, and for decisions stored before this version.
 */
export const MIGRATION_0010 = `
ALTER TABLE review_records ADD COLUMN kind TEXT CHECK (kind IS NULL OR kind IN ('department', 'province'));
`;
