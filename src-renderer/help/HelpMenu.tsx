import { Button, Dropdown, type MenuProps } from 'antd';
import { useManualHelp } from '../../src-web/manual/use-manual-help.js';
import { CLERK_MANUALS } from './clerk-manuals.js';

/**
 * 帮助 ▾ in the window's header: 使用说明 (F1) opens the clerk's manual at the section of the screen
 * shown (`section`, from screen-sections.ts). F1 works anywhere in the window, also from the
 * application menu's 帮助 → 使用说明, which presses F1 for the clerk (src-main/electron/menu.ts).
 */
export function HelpMenu({ section }: { section: string }) {
  const { open, viewer } = useManualHelp(CLERK_MANUALS, section);
  const items: MenuProps['items'] = [{ key: 'manual', label: '使用说明', extra: 'F1' }];
  return (
    <>
      <Dropdown menu={{ items, onClick: () => open() }} trigger={['click']} placement="bottomRight">
        <Button type="text" style={{ color: '#fff', paddingInline: 4 }}>
          帮助 ▾
        </Button>
      </Dropdown>
      {viewer}
    </>
  );
}
