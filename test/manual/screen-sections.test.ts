import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderManual } from '../../src-web/manual/manual-markdown.js';
import { MANUAL_FILES, MANUAL_SECTIONS, type ManualName } from '../../src-web/manual/manual-sections.js';
import { manualOf } from '../../src-web/manual/manual-choice.js';
import { DIALOG_SECTIONS, SCREEN_SECTIONS } from '../../src-renderer/help/screen-sections.js';
import { KEYBOARD_SECTION, PAGE_SECTIONS, PERSON_SECTION } from '../../src-console/help/page-sections.js';

/**
 * 帮助 → 使用说明 and F1 open the manual at a heading id per screen: every id the desktop and the
 * console use must be a level-2 or level-3 heading (what the viewer's table of contents lists) of the
 * manual that screen shows, in the Markdown as it is now — renaming `{#clerk-import}` breaks this.
 */
function headings(name: ManualName): Map<string, number> {
  const source = fs.readFileSync(path.resolve('docs/manual', MANUAL_FILES[name]), 'utf8');
  return new Map(renderManual(source).sections.map((s) => [s.id, s.level]));
}

const uses: Array<{ where: string; id: string; manuals: ManualName[] }> = [
  ...Object.entries(SCREEN_SECTIONS).map(([screen, id]) => ({ where: `desktop ${screen}`, id, manuals: ['clerk' as const] })),
  ...Object.entries(DIALOG_SECTIONS).map(([dialog, id]) => ({ where: `desktop ${dialog}`, id, manuals: ['clerk' as const] })),
  ...Object.entries(PAGE_SECTIONS).map(([page, id]) => ({ where: `console ${page}`, id, manuals: ['reviewer' as const, 'admin' as const] })),
  { where: 'console person detail', id: PERSON_SECTION, manuals: ['reviewer'] },
  { where: 'console 快捷键 list', id: KEYBOARD_SECTION, manuals: ['reviewer'] },
];

describe('the screens’ 使用说明 sections', () => {
  const parsed = new Map((['clerk', 'reviewer', 'admin'] as const).map((m) => [m, headings(m)]));

  it.each(uses)('$where opens $id, a heading of its manual', ({ id, manuals }) => {
    const owner = manuals.find((m) => parsed.get(m)!.has(id));
    expect(owner, `${id} is not a heading of ${manuals.join(' or ')}.md`).toBeDefined();
    expect([2, 3]).toContain(parsed.get(owner!)!.get(id));
    expect(MANUAL_SECTIONS[owner!] as readonly string[]).toContain(id);
  });

  it('every desktop screen has its own section, and the console’s reviewer pages are in the reviewers’ manual', () => {
    expect(new Set(Object.values(SCREEN_SECTIONS)).size).toBe(Object.keys(SCREEN_SECTIONS).length);
    const choices = (['clerk', 'reviewer', 'admin'] as const).map((name) => ({ name, label: name, load: async () => '' }));
    for (const page of ['queue', 'dashboard', 'batches'] as const) expect(manualOf(PAGE_SECTIONS[page], choices)).toBe('reviewer');
    for (const page of ['accounts', 'records', 'exams', 'training', 'settings', 'updates'] as const) expect(manualOf(PAGE_SECTIONS[page], choices)).toBe('admin');
    expect(manualOf('no-such-section', choices)).toBeUndefined();
  });
});
