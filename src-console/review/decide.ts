import { REVIEW_MAX_ITEMS, type DecisionResponse, type ReviewStep } from '../../src-shared/contract/sync-api.js';
import { callApi, type ConsoleResult } from '../api/console-client.js';

export interface DecisionItem {
  personId: number;
  version: number;
}

/**
 * One decision on many people. The server takes at most REVIEW_MAX_ITEMS per call, all or nothing;
 * a whole large batch goes in slices, and a failed slice stops the rest (the earlier ones stand, and
 * the list is reloaded so the reviewer sees exactly who is still waiting).
 */
export async function decide(items: readonly DecisionItem[], result: 'approved' | 'rejected', comment: string): Promise<ConsoleResult<DecisionResponse['decided']>> {
  const decided: DecisionResponse['decided'] = [];
  for (let i = 0; i < items.length; i += REVIEW_MAX_ITEMS) {
    const r = await callApi('POST /review/decisions', { items: items.slice(i, i + REVIEW_MAX_ITEMS), result, comment });
    if (!r.ok) {
      const done = decided.length > 0 ? `前 ${decided.length} 人已经${result === 'approved' ? '通过' : '驳回'}，其余的没有处理：` : '';
      return { ok: false, error: { ...r.error, message: done + r.error.message } };
    }
    decided.push(...r.value.decided);
  }
  return { ok: true, value: decided };
}

const STATUS_TEXT: Record<string, string> = { submitted: '待审核', county_approved: '初审已通过，待终审', approved: '审核通过', rejected: '已驳回' };
/** A person's standing in words; one a department passed on waits for the province, not a city. */
export function statusText(status: string, pendingAt?: ReviewStep | null): string {
  if (status === 'county_approved' && pendingAt?.kind === 'province') return '部门法制机构已通过，待省级终审';
  return STATUS_TEXT[status] ?? status;
}
