import type { ManualChoice } from '../../src-web/manual/manual-choice.js';

const reviewer: ManualChoice = { name: 'reviewer', label: '审核人员', load: () => import('../../docs/manual/reviewer.md?raw').then((m) => m.default) };
const admin: ManualChoice = { name: 'admin', label: '系统管理员', load: () => import('../../docs/manual/admin.md?raw').then((m) => m.default) };

/** A reviewer reads the reviewers' manual; an administrator both, the administrators' first. */
export const REVIEWER_MANUALS: readonly ManualChoice[] = [reviewer];
export const ADMIN_MANUALS: readonly ManualChoice[] = [admin, reviewer];
