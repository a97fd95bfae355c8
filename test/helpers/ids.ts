import { idCheckChar } from '../../src-shared/rules/id-number.js';

/** A valid 18-digit ID for the given address code, birth date (YYYYMMDD) and 3-digit sequence. */
export function makeId(birth: string, seq = '123', region = '350102'): string {
  const first17 = region + birth + seq;
  return first17 + idCheckChar(first17);
}
