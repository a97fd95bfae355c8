/**
 * Whether a single-letter shortcut may act on this key press: not with a modifier, not while typing
 * in a field, not while a dialog (confirm, rejection) is showing.
 */
export function shortcutAllowed(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as HTMLElement | null;
  // A ticked checkbox keeps the focus after a click; it takes no typing, so the keys still work there.
  const typing = target?.tagName === 'INPUT' ? !['checkbox', 'radio'].includes((target as HTMLInputElement).type) : target?.tagName === 'TEXTAREA' || target?.isContentEditable;
  if (typing) return false;
  // A dialog on its way out (its closing animation) no longer holds the keys: J pressed right after
  // Enter confirmed must move the list, not be lost.
  return ![...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some(
    (w) => getComputedStyle(w).display !== 'none' && !/-leave\b/.test(w.querySelector('.ant-modal')?.className ?? ''),
  );
}
