import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Modal } from 'antd';
import { currentHelpTopic, onManualRequests } from './help-topic.js';
import { manualOf, type ManualChoice, type ManualTarget } from './manual-choice.js';

/** Shown instead of the viewer when its code could not be loaded (the program was updated meanwhile, say). */
function ViewerMissing({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText="知道了" title="使用说明打不开">
      使用说明没有载入。请重新启动程序（网页请刷新）后再试。
    </Modal>
  );
}

// The viewer, Markdown renderer and manual text load at the first opening, not with the page.
const ManualViewer = lazy(() =>
  import('./ManualViewer.js').then(
    (m) => ({ default: m.ManualViewer }),
    () => ({ default: ViewerMissing as typeof import('./ManualViewer.js').ManualViewer }),
  ),
);

/**
 * The 使用说明 of a page: `open(sectionId?)` opens it at that section, or at the one that fits what is
 * on screen (`pageSection`, unless a dialog asked for its own with useHelpTopic); F1 anywhere does the
 * same, and so does `openManualAt` from any part of the page. `viewer` must be rendered once.
 */
export function useManualHelp(manuals: readonly ManualChoice[], pageSection: string): { open: (sectionId?: string) => void; viewer: ReactNode } {
  const [shown, setShown] = useState(false);
  const [target, setTarget] = useState<ManualTarget>();
  const page = useRef(pageSection);
  page.current = pageSection;

  const open = useCallback(
    (sectionId?: string) => {
      const id = sectionId ?? currentHelpTopic(page.current);
      const manual = manualOf(id, manuals);
      // An id no manual here has (none should: test/manual/screen-sections.test.ts) opens the first at its top.
      setTarget((t) => ({ manual: manual ?? manuals[0]!.name, section: manual ? id : undefined, seq: (t?.seq ?? 0) + 1 }));
      setShown(true);
    },
    [manuals],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F1' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      // The browser's own help page would open otherwise.
      e.preventDefault();
      if (!e.repeat) open();
    };
    window.addEventListener('keydown', onKey);
    const stop = onManualRequests((id) => open(id));
    return () => {
      window.removeEventListener('keydown', onKey);
      stop();
    };
  }, [open]);

  const viewer = target && (
    <Suspense fallback={null}>
      <ManualViewer open={shown} manuals={manuals} target={target} onClose={() => setShown(false)} />
    </Suspense>
  );
  return { open, viewer };
}
