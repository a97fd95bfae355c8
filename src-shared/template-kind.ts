import type { BatchKind } from './domain/person.js';
import { normalizeHeader } from './template.js';

/**
 * Which list a filled workbook is (note ⑩: 换证人员需单独列表上传). The 换证 columns (原证件号码,
 * 原发证单位) settle it: only a renewal list has them (the official title is the same for both lists,
 * so a title without 换证 says nothing against them). Without them the list is a new one — unless
 * its title, sheet name or file name says 换证: then the clerk is asked instead of guessed for, and a
 * renewal list without the columns is imported with each person's 原证件号码 to fill in.
 */
export interface KindClues {
  hasRenewalColumns: boolean;
  /** The text of the rows above the header ('' when the header is the first row). */
  title: string;
  sheet?: string;
  fileName: string;
}

export type KindDecision = { kind: BatchKind } | { kind: undefined; why: string };

const RENEWAL_WORD = '换证';

export function templateKindOf(c: KindClues): KindDecision {
  const title = normalizeHeader(c.title);
  const named = [
    title.includes(RENEWAL_WORD) ? '标题' : '',
    normalizeHeader(c.sheet ?? '').includes(RENEWAL_WORD) ? '工作表名' : '',
    normalizeHeader(c.fileName).includes(RENEWAL_WORD) ? '文件名' : '',
  ].filter(Boolean);
  if (c.hasRenewalColumns) return { kind: 'renewal' };
  if (named.length > 0) {
    return { kind: undefined, why: `${named.join('和')}写着“换证”，但表格没有换证人员的“原证件号码”“原发证单位”列` };
  }
  return { kind: 'new' };
}
