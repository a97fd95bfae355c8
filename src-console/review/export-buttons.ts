import { fetchBlob, saveBlob, type ConsoleResult } from '../api/console-client.js';

export type ExportKind = 'approved' | 'rejected';
export const EXPORT_TITLE: Record<ExportKind, string> = { approved: '审核通过人员', rejected: '驳回人员及原因' };

export interface ExportFilter {
  batchId?: string | undefined;
  batchNumber?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Downloads one export as xlsx, named after what it holds: 审核通过人员_XZZF20240116-210856.xlsx. */
export async function downloadExport(kind: ExportKind, filter: ExportFilter): Promise<ConsoleResult<string>> {
  const r = await fetchBlob(`/exports/${kind}.xlsx`, { batchId: filter.batchId, from: filter.from, to: filter.to });
  if (!r.ok) return r;
  const what = filter.batchNumber ?? ([filter.from, filter.to].filter(Boolean).join('至') || '全部');
  const fileName = `${EXPORT_TITLE[kind]}_${what}.xlsx`;
  saveBlob(r.value, fileName);
  return { ok: true, value: fileName };
}
