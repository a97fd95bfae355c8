import { useEffect } from 'react';

/**
 * Which section of the 使用说明 fits what is on screen right now, for 帮助 and F1.
 *
 * The page shown gives the answer most of the time (each app's help map); a drawer or dialog that
 * has a section of its own (the console's 人员详情 → reviewer-person) says so with `useHelpTopic`
 * while it is open, and the latest one still open wins over the page. `openManualAt` lets any part of
 * the page (the console's 快捷键 list) open the manual at a named section.
 */
/** Objects, not strings: two dialogs asking for the same section are two entries. */
const topics: Array<{ id: string }> = [];

/** While mounted with an id, `currentHelpTopic()` answers it (unless a later one is open too). */
export function useHelpTopic(id: string | undefined): void {
  useEffect(() => {
    if (!id) return;
    const entry = { id };
    topics.push(entry);
    return () => {
      const at = topics.indexOf(entry);
      if (at >= 0) topics.splice(at, 1);
    };
  }, [id]);
}

/** The section a dialog or drawer asked for, else `fallback` (the page's). */
export function currentHelpTopic(fallback: string): string {
  return topics.at(-1)?.id ?? fallback;
}

const OPEN_EVENT = 'zfbm:open-manual';

/** Asks the page's 使用说明 to open at `sectionId` (a heading id such as reviewer-keyboard). */
export function openManualAt(sectionId: string): void {
  window.dispatchEvent(new CustomEvent<string>(OPEN_EVENT, { detail: sectionId }));
}

/** For the one help component of a page: calls `listener` with every section `openManualAt` asks for. */
export function onManualRequests(listener: (sectionId: string) => void): () => void {
  const handle = (e: Event) => {
    const id = (e as CustomEvent<unknown>).detail;
    if (typeof id === 'string') listener(id);
  };
  window.addEventListener(OPEN_EVENT, handle);
  return () => window.removeEventListener(OPEN_EVENT, handle);
}
