import { createHash } from 'node:crypto';
import type { BatchKind, PersonFields, RawRow } from '../../src-shared/domain/person.js';
import { hasErrors, type Issue } from '../../src-shared/domain/issue.js';
import type { BatchPerson } from '../../src-shared/contract/sync-api.js';
import type { CodeLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';

/** One person of a submitted batch after the server's own check. */
export interface CheckedPerson {
  key: string;
  /** The row in normal form, as the server's rules made it (what is stored). */
  fields: PersonFields;
  issues: Issue[];
  photo: BatchPerson['photo'];
  resubmit: boolean;
  /** SHA-256 of the normal-form row and the photo: equal hashes mean "the same person sent again". */
  contentSha256: string;
}

export function hasRowErrors(p: CheckedPerson): boolean {
  return hasErrors(p.issues);
}

function contentHash(fields: PersonFields, photoSha: string): string {
  return createHash('sha256').update(JSON.stringify({ fields, photo: photoSha })).digest('hex');
}

/** How many of the other rows a duplicate's message names; the rest are counted. */
export const DUPLICATE_NAMES_SHOWN = 3;
/** A name in a message is cut after this many characters. */
const NAME_SHOWN = 20;

function shortName(p: CheckedPerson): string {
  const n = p.fields.name || p.key;
  return n.length > NAME_SHOWN ? `${n.slice(0, NAME_SHOWN)}…` : n;
}

/**
 * The message for one of `count` rows sharing an ID: names at most DUPLICATE_NAMES_SHOWN of the others,
 * then how many more, so that it stays short whatever the batch.
 */
export function duplicateIdMessage(id: string, count: number, otherNames: readonly string[]): string {
  const others = count - 1;
  const shown = otherNames.slice(0, DUPLICATE_NAMES_SHOWN);
  const list = shown.join('、') + (others > shown.length ? ` 等另外 ${others} 人` : '');
  return `身份证号 ${id} 在本批次中出现了 ${count} 次（另见：${list}），同一人只能报名一次。请在报名助手的人员列表中点多余那一行的“删除”，然后再提交。`;
}

/**
 * Every row of a batch through the same src-shared rules the desktop used, plus what only a whole
 * batch can show: a person without a photo, the same ID twice. Never trusts what the desktop says
 * about its own rows; the fields arrive as text and are read exactly like cells of the template.
 * `tick` is awaited before each row (CpuLane: the event loop turns when a slice is used up). The
 * duplicate pass is linear: each message names a few of the other rows, not all of them.
 */
export async function checkPersons(
  persons: readonly BatchPerson[],
  ctx: { lookups: CodeLookups; today: string; kind: BatchKind },
  tick: () => Promise<void> = () => Promise.resolve(),
): Promise<CheckedPerson[]> {
  const checked: CheckedPerson[] = [];
  for (const p of persons) {
    await tick();
    const { fields, issues } = checkPerson(p.fields as RawRow, { ...ctx, date1904: false });
    if (!p.photo) {
      issues.push({ field: 'photo', code: 'photo.missing', severity: 'error', message: `${fields.name || '此人'}没有照片。请在报名助手里为此人导入符合要求的证件照后再提交。` });
    }
    checked.push({ key: p.key, fields, issues, photo: p.photo, resubmit: p.resubmit === true, contentSha256: contentHash(fields, p.photo?.sha256 ?? '') });
  }

  const byId = new Map<string, CheckedPerson[]>();
  for (const p of checked) {
    if (!p.fields.idNumber) continue;
    const list = byId.get(p.fields.idNumber);
    if (list) list.push(p);
    else byId.set(p.fields.idNumber, [p]);
  }
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    await tick();
    // The first DUPLICATE_NAMES_SHOWN + 1 rows hold, for every row, the few others it names.
    const head = same.slice(0, DUPLICATE_NAMES_SHOWN + 1);
    for (const p of same) {
      const others = head.filter((o) => o !== p).slice(0, DUPLICATE_NAMES_SHOWN).map(shortName);
      p.issues.push({ field: 'idNumber', code: 'id.duplicate', severity: 'error', value: id, message: duplicateIdMessage(id, same.length, others) });
    }
  }
  return checked;
}
