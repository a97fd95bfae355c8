import type { CodeChoices } from '../../../src-shared/contract/desktop-reference-api.js';
import type { CodeTableName } from '../../../src-shared/template.js';

/**
 * The drop-down choices of one coded column: "code 名称" to read ("02 中共预备党员"), the value the
 * template cell holds (the code, or the name where the template takes names), and what the clerk may
 * type to find it: the code, any part of the name or an alias, or pinyin initials (zgyb, wwe).
 */
export interface CodeOption {
  value: string;
  label: string;
  /** Lower-case texts a typed search is matched against. */
  keys: readonly string[];
}

export function codeOptions(name: CodeTableName, table: CodeChoices): CodeOption[] {
  return table.entries.map((e) => ({
    value: table.valueForm === 'code' ? e.code : e.name,
    // 是/否 has codes nobody uses ("1 是" would only confuse); every other table shows its codes.
    label: name === 'yesNo' ? e.name : `${e.code} ${e.name}`,
    keys: [e.code, e.name, ...(e.aliases ?? []), ...e.initials].map((k) => k.toLowerCase()),
  }));
}

/** Whether a typed search finds the option: the start of the code or initials, or any part of a name. */
export function matchesOption(input: string, option: CodeOption | undefined): boolean {
  const q = input.trim().toLowerCase();
  if (!option || q === '') return true;
  return option.keys.some((k) => k.includes(q)) || option.label.toLowerCase().includes(q);
}

/** 执法岗位 and other multi-code cells: "01,02" ⇄ ["01", "02"] (any separator the rules accept). */
export function splitCodes(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function joinCodes(codes: readonly string[]): string {
  return codes.join(',');
}
