import { Button } from 'antd';
import { useManualHelp } from '../../src-web/manual/use-manual-help.js';
import { ADMIN_MANUALS, REVIEWER_MANUALS } from './console-manuals.js';

/**
 * 帮助 in the console's header: the 使用说明 at the section of the page shown (`section`, from
 * page-sections.ts), or of the person's detail while it is open. F1 does the same anywhere.
 */
export function ConsoleHelp({ section, admin }: { section: string; admin: boolean }) {
  const { open, viewer } = useManualHelp(admin ? ADMIN_MANUALS : REVIEWER_MANUALS, section);
  return (
    <>
      <Button type="link" onClick={() => open()} title="使用说明（F1）">
        帮助
      </Button>
      {viewer}
    </>
  );
}
