import type { ManualSectionId } from '../../src-web/manual/manual-sections.js';

/**
 * Which section of the clerk's 使用说明 (docs/manual/clerk.md) 帮助 → 使用说明 and F1 open on each
 * screen of the menu (App.tsx's page keys). Typed by the manual's heading ids, and checked against
 * the manual itself by test/manual/screen-sections.test.ts, so a renamed heading fails the build.
 */
export const SCREEN_SECTIONS = {
  home: 'clerk-home',
  import: 'clerk-import',
  submit: 'clerk-submit',
  returned: 'clerk-returns',
  manage: 'clerk-manage',
  query: 'clerk-query',
  records: 'clerk-records',
  exams: 'clerk-exams',
  certificates: 'clerk-certificates',
  settings: 'clerk-settings',
} as const satisfies Record<string, ManualSectionId<'clerk'>>;

/** Drawers and dialogs with a section of their own, over their page's (useHelpTopic while open). */
export const DIALOG_SECTIONS = {
  personForm: 'clerk-findings',
  returnedForm: 'clerk-returns',
  evidence: 'clerk-evidence',
  payment: 'clerk-payments',
} as const satisfies Record<string, ManualSectionId<'clerk'>>;
