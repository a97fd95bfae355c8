import type { ManualSectionId } from '../../src-web/manual/manual-sections.js';

/**
 * Which section of the 使用说明 帮助 and F1 open on each page of the console (ConsoleShell's page
 * keys): the reviewer's pages in docs/manual/reviewer.md, the administrator's in admin.md. Checked
 * against the manuals by test/manual/screen-sections.test.ts.
 */
export const PAGE_SECTIONS = {
  queue: 'reviewer-queue',
  dashboard: 'reviewer-dashboard',
  batches: 'reviewer-batches',
  password: 'reviewer-sign-in',
  accounts: 'admin-accounts',
  records: 'admin-imports',
  exams: 'admin-exams',
  training: 'admin-training',
  settings: 'admin-settings',
  updates: 'admin-updates',
} as const satisfies Record<string, ManualSectionId<'reviewer' | 'admin'>>;

/** The person's detail opened from the queue (PersonReview), over the page's own section. */
export const PERSON_SECTION: ManualSectionId<'reviewer'> = 'reviewer-person';
/** The 快捷键 list links to the manual's part on the keys. */
export const KEYBOARD_SECTION: ManualSectionId<'reviewer'> = 'reviewer-keyboard';
