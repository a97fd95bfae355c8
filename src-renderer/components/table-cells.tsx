import type { ReactNode } from 'react';
import { Tooltip } from 'antd';

/**
 * Column settings that keep a table inside the window at 1366×768 (issue 17, item 6): long text (unit
 * names, file names, batch numbers) is cut with an ellipsis and shown whole in a tooltip; IDs, dates
 * and short codes never wrap, so no column is squeezed to one character a line.
 */

/** A cell cut with "…" when too long; pointing at it shows the whole text. */
export const ellipsis = { ellipsis: { showTitle: false } } as const;

/** The text, with a tooltip of the whole text (or `tip`) for when the column cuts it. */
export function tipped(text: ReactNode, tip?: ReactNode): ReactNode {
  if (text === '' || text === null || text === undefined) return text;
  return (
    <Tooltip title={tip ?? text} placement="topLeft">
      <span>{text}</span>
    </Tooltip>
  );
}

/** An ellipsis column's render: the value with its tooltip. */
export const renderTipped = (v: unknown) => tipped(typeof v === 'string' || typeof v === 'number' ? v : '');

/** IDs, dates, times and codes: on one line, whole. */
export const nowrap = { onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/**
 * A time in a crowded list: month, day and minute ("11-22 09:00"); the whole time, year and seconds,
 * in the tooltip. Accepts "2026-11-22 09:00:00" and "2026-11-22T09:00:00+08:00".
 */
export function shortTime(t: string): ReactNode {
  if (!t) return '';
  const whole = t.slice(0, 19).replace('T', ' ');
  return whole.length >= 16 ? tipped(whole.slice(5, 16), whole) : whole;
}
