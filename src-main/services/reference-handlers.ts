import { pinyin } from 'pinyin-pro';
import type { CodeChoiceTables, CodeChoices } from '../../src-shared/contract/desktop-reference-api.js';
import type { CodeTable } from '../../src-shared/rules/code-tables.js';
import { codeTablesFor } from '../sync/reference-store.js';
import type { DesktopDeps, ImplFor } from './handler-types.js';

/** 大学本科 → "dxbk"; letters and digits in the text stay as they are (lower-cased). */
function initialsOf(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').replace(/\s+/g, '').toLowerCase();
}

function withInitials(t: CodeTable): CodeChoices {
  return { ...t, entries: t.entries.map((e) => ({ ...e, initials: [e.name, ...(e.aliases ?? [])].map(initialsOf) })) };
}

/** The code tables in force (they change when a pull brings new ones), with the initials to search by. */
export function referenceHandlers({ db }: Pick<DesktopDeps, 'db'>): ImplFor<'reference.codeTables'> {
  return {
    'reference.codeTables': () => {
      const tables = codeTablesFor(db);
      return Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, withInitials(t)])) as CodeChoiceTables;
    },
  };
}
