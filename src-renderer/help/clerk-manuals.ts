import type { ManualChoice } from '../../src-web/manual/manual-choice.js';

/** The desktop shows the clerk's manual; its text is bundled by Vite and loaded at the first opening. */
export const CLERK_MANUALS: readonly ManualChoice[] = [
  { name: 'clerk', label: '报名助手', load: () => import('../../docs/manual/clerk.md?raw').then((m) => m.default) },
];
