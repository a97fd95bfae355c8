import { MANUAL_SECTIONS, type ManualName } from './manual-sections.js';

/** One manual a page offers, with the words of its switch and how to get its Markdown (bundled by Vite). */
export interface ManualChoice {
  name: ManualName;
  label: string;
  load: () => Promise<string>;
}

/** Where the viewer opens: a manual and one of its heading ids; `seq` changes with every request. */
export interface ManualTarget {
  manual: ManualName;
  section: string | undefined;
  seq: number;
}

/** The manual, among those offered, that has a heading with this id. */
export function manualOf(sectionId: string, manuals: readonly ManualChoice[]): ManualName | undefined {
  return manuals.find((m) => (MANUAL_SECTIONS[m.name] as readonly string[]).includes(sectionId))?.name;
}
