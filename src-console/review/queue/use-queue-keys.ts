import { useEffect, useRef } from 'react';
import { shortcutAllowed } from '../../components/keyboard.js';

export interface QueueKeyActions {
  move: (step: 1 | -1) => void;
  toggle: () => void;
  open: () => void;
  approve: () => void;
  reject: () => void;
  /** Focus 查找 (姓名或身份证号). */
  search: () => void;
}

/**
 * The queue's keys, while `enabled` (not while the detail, a dialog or a decision is under way):
 * J/↓ and K/↑ move, X or Space ticks, Enter or O opens, A approves, R rejects, / goes to 查找. On the window, so they
 * work wherever the focus is on the page, except while typing.
 */
export function useQueueKeys(enabled: boolean, actions: QueueKeyActions): void {
  // The latest actions, without subscribing again on every render.
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!shortcutAllowed(e)) return;
      const target = e.target as HTMLElement | null;
      // A focused checkbox, button or link of the page already answers Space and Enter itself; twice
      // would undo it. One in a dialog that is closing (shortcutAllowed let it through) is not the
      // reviewer's aim: the key is the list's, and preventDefault keeps it from the fading button.
      const own = target && !target.closest('.ant-modal-wrap') && ['INPUT', 'BUTTON', 'A'].includes(target.tagName);
      if ((e.key === ' ' || e.key === 'Enter') && own) return;
      const a = latest.current;
      const key = e.key.toLowerCase();
      if (key === 'j' || e.key === 'ArrowDown') a.move(1);
      else if (key === 'k' || e.key === 'ArrowUp') a.move(-1);
      else if (key === 'x' || e.key === ' ') a.toggle();
      else if (e.key === 'Enter' || key === 'o') a.open();
      else if (key === 'a') a.approve();
      else if (key === 'r') a.reject();
      else if (e.key === '/') a.search();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
