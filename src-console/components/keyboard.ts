/**
 * Whether a single-letter shortcut may act on this key press: not with a modifier, not while typing
 * in a field, not while a dialog (confirm, rejection) is showing.
 */
export function shortcutAllowed(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return false;
  return ![...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((w) => getComputedStyle(w).display !== 'none');
}
