import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { personRow, rng } from '../lib/people.js';

/**
 * What bench/server sends: distinct Guangxi-size photos (90 x 120 JPEG, 10-25 KB) and batches of
 * distinct valid people, built the way the desktop builds them (the template row through the shared
 * rules). Written here rather than taken from test/server/sync-helpers.ts, which asserts with vitest's
 * `expect` and so cannot run outside a test.
 */

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** Photo number i: a red background with a darker band and sensor-like noise; deterministic, distinct per i. */
export async function photo(i: number): Promise<Buffer> {
  const w = 90;
  const h = 120;
  const r = rng(i + 1);
  const amp = 80 + (i % 5) * 30;
  const raw = Buffer.alloc(w * h * 3);
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      const n = (r() - 0.5) * amp;
      const figure = Math.abs(x - 45) < 22 && y > 25 ? 1 : 0;
      raw[o] = clamp((figure ? 225 : 205) + n - y / 3);
      raw[o + 1] = clamp((figure ? 180 : 30) + n + (r() - 0.5) * (amp / 2));
      raw[o + 2] = clamp((figure ? 150 : 30) + n);
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 96, chromaSubsampling: '4:4:4' }).toBuffer();
}

export async function photos(count: number, first = 0): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) out.push(await photo(first + i));
  return out;
}

const lookups = buildLookups(loadCodeTables());

/** Person number n (see bench/lib/people.ts) in normal form, as the desktop sends it. */
export function personFields(n: number): BatchPerson['fields'] {
  const row = personRow(n);
  const { fields, issues } = checkPerson(row as RawRow, { lookups, today: '2026-11-23', kind: 'new' });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new Error(`bench person ${n} is not valid: ${JSON.stringify(errors)}`);
  return fields;
}

/** A batch of `size` people numbered from `firstPerson`; person j has photo j of `photoShas`. */
export function batchBody(index: number, firstPerson: number, size: number, photoShas: readonly string[]): BatchPutRequest {
  const persons: BatchPerson[] = [];
  for (let j = 0; j < size; j++) {
    const fields = personFields(firstPerson + j);
    persons.push({ key: `p${j + 1}`, fields, photo: { sha256: photoShas[j % photoShas.length]!, fileName: `${fields.idNumber}.jpg` } });
  }
  const no = String(index + 1).padStart(2, '0');
  return {
    kind: 'new',
    name: `行政执法人员2026-11-23${no}批次`,
    number: `XZZF20261123-0900${no}`,
    createdAt: '2026-11-23T09:00:00+08:00',
    rulesVersion: RULES_VERSION,
    persons,
    evidence: [],
  };
}

export const newBatchId = (): string => randomUUID();

/**
 * Issue 13's hostile batch: `size` rows that all share person 0's valid ID number, each with a
 * `nameLength`-character name and a photo nobody uploaded. The server must refuse it (422) quickly,
 * with a small answer, while answering everyone else.
 */
export function hostileBatchBody(size: number, nameLength = 200): BatchPutRequest {
  const fields = personFields(0);
  const photo = { sha256: sha256('never uploaded'), fileName: 'a.jpg' };
  const persons: BatchPerson[] = Array.from({ length: size }, (_, j) => ({
    key: `h${j + 1}`,
    fields: { ...fields, name: `${'张'.repeat(Math.min(40, nameLength))}${String(j).padStart(Math.max(0, nameLength - 40), 'x')}` },
    photo,
  }));
  return { kind: 'new', name: '行政执法人员2026-11-2399批次', number: 'XZZF20261123-099999', createdAt: '2026-11-23T09:00:00+08:00', rulesVersion: RULES_VERSION, persons, evidence: [] };
}
