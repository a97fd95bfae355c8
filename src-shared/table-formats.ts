/**
 * The kinds of table file a collection template is read from, as its bytes say (src-node/table-sniff.ts),
 * never its name: the format the readers report, how the clerk knows it and the extensions such a file
 * has. The open dialog's filter, the CLI's usage lines and the readers' messages read this one table.
 * Pure: no node:*, no DOM.
 */
export const TABLE_FORMATS = {
  xlsx: { label: 'Excel 工作簿（.xlsx）', extensions: ['xlsx'] },
  xls: { label: 'Excel 97-2003 / WPS 表格（.xls、.et）', extensions: ['xls', 'et'] },
  ods: { label: 'OpenDocument 表格（.ods）', extensions: ['ods'] },
  csv: { label: 'CSV 文本（.csv）', extensions: ['csv'] },
} as const satisfies Record<string, { label: string; extensions: readonly string[] }>;

export type TableFormat = keyof typeof TABLE_FORMATS;

/** Every extension a template may have: xlsx, xls, et, ods, csv (a .txt is read as CSV too, but not offered). */
export const TABLE_EXTENSIONS: string[] = Object.values(TABLE_FORMATS).flatMap((f) => [...f.extensions]);
