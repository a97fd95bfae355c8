import { idCheckChar } from '../../src-shared/rules/id-number.js';

/**
 * Distinct valid people and a small deterministic random source, shared by the benchmarks that send
 * batches (bench/server, bench/sync). Not taken from test/helpers: bench code does not import tests.
 */

/** xorshift32 from a seed: the same sequence every run, so photos and people are the same every run. */
export function rng(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A valid 18-digit ID (Fuzhou address code) for a birth date YYYYMMDD and a 3-digit sequence. */
export function makeId(birth: string, seq: string, region = '350102'): string {
  const first17 = region + birth + seq;
  return first17 + idCheckChar(first17);
}

/**
 * Person n (0-based, over the whole run) as a template row: a man (odd sequence digit) born n / 500
 * days after 1980-01-01, so every n has its own ID; the other cells are the template's valid example.
 */
export function personRow(n: number): Record<string, string> {
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(n / 500) * 86_400_000).toISOString().slice(0, 10);
  const seq = String(2 * (n % 500) + 1).padStart(3, '0');
  return {
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
}
