/**
 * The heading ids of the three 使用说明 that screens open at (帮助 → 使用说明 in the desktop and the
 * console) — pure data, checked against docs/manual/*.md by test/manual/manual-files.test.ts, so a
 * screen's link can never point at a heading that was renamed away.
 */
export const MANUAL_SECTIONS = {
  clerk: [
    'clerk-install',
    'clerk-sign-in',
    'clerk-home',
    'clerk-template',
    'clerk-import',
    'clerk-import-file',
    'clerk-add',
    'clerk-findings',
    'clerk-photos',
    'clerk-evidence',
    'clerk-payments',
    'clerk-submit',
    'clerk-returns',
    'clerk-manage',
    'clerk-query',
    'clerk-records',
    'clerk-training',
    'clerk-exams',
    'clerk-certificates',
    'clerk-settings',
    'clerk-offline',
    'clerk-status-bar',
    'clerk-rules',
    'clerk-updates',
    'clerk-help',
  ],
  reviewer: [
    'reviewer-sign-in',
    'reviewer-dashboard',
    'reviewer-queue',
    'reviewer-person',
    'reviewer-keyboard',
    'reviewer-decisions',
    'reviewer-batches',
    'reviewer-exports',
  ],
  admin: [
    'admin-server-install',
    'admin-tls',
    'admin-service',
    'admin-backup',
    'admin-postgres',
    'admin-updates',
    'admin-accounts',
    'admin-imports',
    'admin-settings',
    'admin-exams',
    'admin-training',
    'admin-desktop-install',
    'admin-troubleshooting',
  ],
} as const;

export type ManualName = keyof typeof MANUAL_SECTIONS;
export type ManualSectionId<M extends ManualName = ManualName> = (typeof MANUAL_SECTIONS)[M][number];

/** The file each manual is written in, under docs/manual/. */
export const MANUAL_FILES: Record<ManualName, string> = {
  clerk: 'clerk.md',
  reviewer: 'reviewer.md',
  admin: 'admin.md',
};
