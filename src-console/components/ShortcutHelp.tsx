import { useEffect, useState } from 'react';
import { Button, Modal, Table } from 'antd';
import { REJECTION_REASONS } from '../review/rejection-reasons.js';
import { openManualAt } from '../../src-web/manual/help-topic.js';
import { KEYBOARD_SECTION } from '../help/page-sections.js';

/** Asks the one ShortcutHelp of the page to open (the toolbar's "快捷键 ?" hint). */
const OPEN_EVENT = 'console:shortcut-help';
export function openShortcutHelp(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

interface Shortcut {
  keys: string[];
  what: string;
}
const GROUPS: Array<{ where: string; keys: Shortcut[] }> = [
  {
    where: '待审核人员列表',
    keys: [
      { keys: ['J', 'K', '↓', '↑'], what: '下一个 / 上一个人员' },
      { keys: ['X', '空格'], what: '勾选或取消勾选当前人员' },
      { keys: ['Enter', 'O'], what: '查看当前人员的详情' },
      { keys: ['A'], what: '通过所勾选的人员（没有勾选时为当前人员），确认框里按 Enter 确认' },
      { keys: ['R'], what: '驳回所勾选的人员（没有勾选时为当前人员）' },
      { keys: ['/'], what: '查找姓名或身份证号（Enter 回到列表）' },
    ],
  },
  {
    where: '人员详情',
    keys: [
      { keys: ['J', 'K', '↓', '↑'], what: '下一个 / 上一个人员' },
      { keys: ['A'], what: '通过此人，然后打开下一个' },
      { keys: ['R'], what: '驳回此人' },
      { keys: ['Esc'], what: '关闭详情，回到列表中刚才看的人员' },
    ],
  },
  {
    where: '驳回对话框',
    keys: [
      { keys: [`1–${REJECTION_REASONS.length}`], what: '勾选或取消对应的常见驳回原因' },
      { keys: ['Ctrl+Enter'], what: '确认驳回' },
      { keys: ['Esc'], what: '取消，不驳回' },
    ],
  },
  {
    where: '任何页面',
    keys: [
      { keys: ['?'], what: '打开这份快捷键说明（Esc 关闭）' },
      { keys: ['F1'], what: '打开使用说明，停在当前页面的那一节（Esc 关闭）' },
    ],
  },
];

const ROWS = GROUPS.flatMap((g) => g.keys.map((k, i) => ({ key: `${g.where}-${i}`, where: i === 0 ? g.where : '', span: i === 0 ? g.keys.length : 0, ...k })));

/** Whether the key press is typing (a text field, a search box), where "?" is a character, not a shortcut. */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return true;
  return t.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((t as HTMLInputElement).type);
}

/**
 * Every keyboard shortcut of the console in one list, opened with "?" (Shift+/) anywhere in the
 * signed-in console except while typing, or from the queue's "快捷键 ?" hint; Esc closes it. Mounted
 * once by ConsoleShell, so the list is the same wherever the reviewer is.
 */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
      e.preventDefault();
      setOpen(true);
    };
    const onAsk = () => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(OPEN_EVENT, onAsk);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(OPEN_EVENT, onAsk);
    };
  }, []);

  return (
    <Modal
      open={open}
      title={
        // In the title, where it is seen first.
        <span>
          快捷键
          <Button
            type="link"
            size="small"
            style={{ marginLeft: 12 }}
            onClick={() => {
              setOpen(false);
              openManualAt(KEYBOARD_SECTION);
            }}
          >
            查看使用说明中的“快捷键”一节
          </Button>
        </span>
      }
      footer={null}
      onCancel={() => setOpen(false)}
      width={720}
      // The whole list inside a 1366×768 window: the dialog near the top, its rows scrolled under a fixed header.
      style={{ top: 24 }}
      destroyOnHidden
    >
      <Table
        size="small"
        pagination={false}
        scroll={{ y: 'calc(100vh - 170px)' }}
        dataSource={ROWS}
        data-testid="shortcut-list"
        columns={[
          { title: '位置', dataIndex: 'where', width: 120, onCell: (r) => ({ rowSpan: r.span }) },
          {
            title: '按键',
            dataIndex: 'keys',
            width: 170,
            render: (keys: string[]) =>
              keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' / '}
                  <span className="console-kbd">{k}</span>
                </span>
              )),
          },
          { title: '作用', dataIndex: 'what' },
        ]}
      />
    </Modal>
  );
}

/** The "快捷键 ?" hint of a toolbar: opens the same list as pressing ?. */
export function ShortcutHint() {
  return (
    <Button type="text" onClick={openShortcutHelp} data-testid="shortcut-hint">
      快捷键 <span className="console-kbd">?</span>
    </Button>
  );
}
