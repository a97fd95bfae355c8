import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';

/**
 * What bench/server sends: distinct Guangxi-size photos (90 x 120 JPEG, 10-25 KB) and batches of
 * distinct valid people, built the way the desktop builds them (the template row through the shared
 * rules). Written here rather than taken from test/server/sync-helpers.ts, which asserts with vitest's
 * `expect` and so cannot run outside a test.
 */

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

function rng(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

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

/** A valid 18-digit ID (Fuzhou address code) for a birth date YYYYMMDD and a 3-digit sequence. */
export function makeId(birth: string, seq: string, region = '350102'): string {
  const first17 = region + birth + seq;
  return first17 + idCheckChar(first17);
}

const lookups = buildLookups(loadCodeTables());

/**
 * Person number n (0-based, over the whole run): a man (odd sequence digit) born on day n / 500 after
 * 1980-01-01, so every n has its own ID. The other cells are the template's valid example row.
 */
export function personFields(n: number): BatchPerson['fields'] {
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(n / 500) * 86_400_000).toISOString().slice(0, 10);
  const seq = String(2 * (n % 500) + 1).padStart(3, '0');
  const row = {
    county: '福州市',
    name: '王小明',
    photo: '',
    agency: '福州市市场监督管理局',
    idNumber: makeId(birth.replace(/-/g, ''), seq),
    gender: '男',
    ethnicity: '汉族',
    birthDate: birth,
    political: '01',
    education: '大学本科',
    major: '法学',
    rankCode: '020201',
    isLawMajor: '是',
    hasLegalQualification: '否',
    posts: '01,02',
    examCategory: '综合法律知识考试',
  };
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
