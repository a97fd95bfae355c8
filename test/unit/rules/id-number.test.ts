import { describe, expect, it } from 'vitest';
import { analyzeIdNumber, idCheckChar, upgradeLegacyId, PROVINCE_CODES } from '../../../src-shared/rules/id-number.js';
import type { Issue } from '../../../src-shared/domain/issue.js';

const TODAY = '2026-11-23';

/** An 18-character ID with a correct check character. */
function withCheck(first17: string): string {
  expect(first17).toMatch(/^\d{17}$/);
  return first17 + idCheckChar(first17);
}

/** The same ID with a wrong check character. */
function withWrongCheck(first17: string): string {
  const right = idCheckChar(first17);
  return first17 + (right === '1' ? '2' : '1');
}

const CHINESE = /\p{Script=Han}/u;

function codes(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.code}:${i.severity}`);
}

function expectChineseMessages(issues: readonly Issue[]): void {
  for (const i of issues) {
    expect(i.field).toBe('idNumber');
    expect(i.message).toMatch(CHINESE);
  }
}

describe('idCheckChar (MOD 11-2)', () => {
  it('gives the check characters of the DOMAIN.md vectors', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44030819990110151')).toBe('2');
    expect(idCheckChar('61010419620927690')).toBe('8');
  });

  it('says the sample row ID should end in 8', () => {
    expect(idCheckChar('82010219890616962')).toBe('8');
  });
});

describe('analyzeIdNumber: DOMAIN.md vectors', () => {
  it('11010519491231002X is a valid female citizen ID', () => {
    const a = analyzeIdNumber('11010519491231002X', TODAY);
    expect(a.issues).toEqual([]);
    expect(a.value).toBe('11010519491231002X');
    expect(a.kind).toBe('citizen');
    expect(a.gender).toBe('女');
    expect(a.birthDate).toBe('1949-12-31');
  });

  it('440308199901101512 is a valid male citizen ID', () => {
    const a = analyzeIdNumber('440308199901101512', TODAY);
    expect(a.issues).toEqual([]);
    expect(a.value).toBe('440308199901101512');
    expect(a.kind).toBe('citizen');
    expect(a.gender).toBe('男');
    expect(a.birthDate).toBe('1999-01-10');
  });

  it('610104620927690 (15 digits) is upgraded to 610104196209276908, severity fixed', () => {
    expect(upgradeLegacyId('610104620927690')).toBe('610104196209276908');
    const a = analyzeIdNumber('610104620927690', TODAY);
    expect(a.value).toBe('610104196209276908');
    expect(a.kind).toBe('legacy15');
    expect(a.birthDate).toBe('1962-09-27');
    expect(a.gender).toBe('女'); // 15th digit 0 is even
    expect(codes(a.issues)).toEqual(['id.format:fixed']);
    const fix = a.issues[0]!;
    expect(fix.fixed).toBe('610104196209276908');
    expect(fix.value).toBe('610104620927690');
    expect(fix.message).toContain('610104196209276908');
    expectChineseMessages(a.issues);
  });

  it('the sample row ID 820102198906169620 fails id.checksum: the 18th character should be 8', () => {
    const a = analyzeIdNumber('820102198906169620', TODAY);
    expect(codes(a.issues)).toEqual(['id.checksum:error']);
    const msg = a.issues[0]!.message;
    expect(msg).toMatch(/第\s*18\s*位/);
    expect(msg).toMatch(/应为\s*8/);
    expect(msg).toMatch(/现在是\s*0/);
    expect(a.issues[0]!.value).toBe('820102198906169620');
    expectChineseMessages(a.issues);
    // The rest of the ID is readable: birth date and gender are still derived.
    expect(a.birthDate).toBe('1989-06-16');
    expect(a.gender).toBe('女');
  });
});

describe('analyzeIdNumber: repairs of the text (id.format, fixed)', () => {
  it('upper-cases a lower-case x', () => {
    const a = analyzeIdNumber('11010519491231002x', TODAY);
    expect(a.value).toBe('11010519491231002X');
    expect(codes(a.issues)).toEqual(['id.format:fixed']);
    expect(a.issues[0]!.fixed).toBe('11010519491231002X');
    expect(a.issues[0]!.value).toBe('11010519491231002x');
    expect(a.issues[0]!.message).toContain('11010519491231002X');
    expectChineseMessages(a.issues);
  });

  it('turns full-width digits and letters into half-width', () => {
    const a = analyzeIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY);
    expect(a.value).toBe('11010519491231002X');
    expect(codes(a.issues)).toEqual(['id.format:fixed']);
    expect(a.issues[0]!.fixed).toBe('11010519491231002X');
    expect(a.gender).toBe('女');
  });

  it.each([
    ['ordinary spaces', '440308 19990110 1512'],
    ['leading and trailing spaces', '  440308199901101512 '],
    ['a non-breaking space', '440308\u00a0199901101512'],
    ['an ideographic space', '440308\u3000199901101512'],
    ['a zero-width space', '4403081999\u200b01101512'],
    ['a BOM', '\ufeff440308199901101512'],
  ])('removes %s', (_what, raw) => {
    const a = analyzeIdNumber(raw, TODAY);
    expect(a.value).toBe('440308199901101512');
    expect(codes(a.issues)).toEqual(['id.format:fixed']);
    expect(a.issues[0]!.fixed).toBe('440308199901101512');
    expect(a.issues[0]!.value).toBe(raw);
    expectChineseMessages(a.issues);
  });
});

describe('analyzeIdNumber: unreadable IDs (id.format, error)', () => {
  it.each([
    ['17 digits', '44030819990110151', 17],
    ['19 digits', '4403081999011015123', 19],
    ['16 digits', '4403081999011015', 16],
  ])('rejects %s and says how many digits there are', (_what, raw, len) => {
    const a = analyzeIdNumber(raw, TODAY);
    expect(codes(a.issues)).toEqual(['id.format:error']);
    expect(a.issues[0]!.message).toContain(`${len} 位`);
    expect(a.issues[0]!.message).toContain('18');
    expectChineseMessages(a.issues);
    expect(a.kind).toBeUndefined();
  });

  it.each([
    ['a letter inside', '4403081999011O1512'],
    ['a letter other than X at the end', '44030819990110151A'],
    ['X not at the end', '4403081999X1101512'],
    ['a hyphen', '440308-19990110151'],
  ])('rejects %s', (_what, raw) => {
    const a = analyzeIdNumber(raw, TODAY);
    expect(a.issues.map((i) => i.code)).toContain('id.format');
    expect(a.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['id.format']);
    expectChineseMessages(a.issues);
  });

  it('rejects a boolean cell', () => {
    const a = analyzeIdNumber(true, TODAY);
    expect(codes(a.issues)).toEqual(['id.format:error']);
  });

  it('reports an empty cell as required', () => {
    for (const raw of [null, undefined, '', '  ', '\u00a0']) {
      const a = analyzeIdNumber(raw, TODAY);
      expect(codes(a.issues)).toEqual(['required:error']);
      expect(a.value).toBe('');
      expectChineseMessages(a.issues);
    }
  });
});

describe('analyzeIdNumber: address code (id.region)', () => {
  it('knows every province code DOMAIN.md lists', () => {
    const listed = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
      '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'];
    expect([...PROVINCE_CODES].sort()).toEqual(listed);
  });

  it.each(['10', '00', '16', '24', '47', '55', '66', '70', '84'])('rejects an ID whose first two digits are %s', (prefix) => {
    const id = withCheck(`${prefix}030819990110151`);
    const a = analyzeIdNumber(id, TODAY);
    expect(codes(a.issues)).toEqual(['id.region:error']);
    expect(a.issues[0]!.message).toContain(`“${prefix}”`);
    expectChineseMessages(a.issues);
  });

  it('accepts an unknown 6-digit address code inside a known province', () => {
    const a = analyzeIdNumber(withCheck('35999919900101123'), TODAY);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('analyzeIdNumber: birth date inside the ID (id.birthdate)', () => {
  it('rejects a date that does not exist (1999-02-30)', () => {
    const a = analyzeIdNumber(withCheck('44030819990230151'), TODAY);
    expect(codes(a.issues)).toEqual(['id.birthdate:error']);
    expect(a.issues[0]!.message).toContain('19990230');
    expect(a.birthDate).toBeUndefined();
    expectChineseMessages(a.issues);
  });

  it.each(['19991301', '19990100', '19000229', '18991231'])('rejects the birth date %s', (ymd) => {
    const a = analyzeIdNumber(withCheck(`440308${ymd}151`), TODAY);
    expect(codes(a.issues)).toEqual(['id.birthdate:error']);
    expect(a.birthDate).toBeUndefined();
  });

  it('accepts 29 February in a leap year', () => {
    const a = analyzeIdNumber(withCheck('44030820000229151'), TODAY);
    expect(a.issues).toEqual([]);
    expect(a.birthDate).toBe('2000-02-29');
  });

  it('rejects a birth date after today', () => {
    const a = analyzeIdNumber(withCheck('44030820261124151'), TODAY);
    expect(codes(a.issues)).toEqual(['id.birthdate:error']);
    expect(a.issues[0]!.message).toContain('2026-11-24');
    expect(a.birthDate).toBeUndefined();
    expectChineseMessages(a.issues);
  });

  it('accepts a birth date equal to today (judged against the given today, not the clock)', () => {
    const a = analyzeIdNumber(withCheck('44030820261123151'), TODAY);
    expect(a.issues).toEqual([]);
    expect(a.birthDate).toBe('2026-11-23');
    const earlier = analyzeIdNumber(withCheck('44030820261123151'), '2026-11-22');
    expect(codes(earlier.issues)).toEqual(['id.birthdate:error']);
  });

  it('rejects a 15-digit ID whose date does not exist', () => {
    const a = analyzeIdNumber('610104620230690', TODAY);
    expect(a.issues.map((i) => i.code)).toContain('id.birthdate');
  });
});

describe('analyzeIdNumber: check character (id.checksum)', () => {
  it('rejects a wrong check character and names the right one', () => {
    const first17 = '44030819990110151';
    const a = analyzeIdNumber(withWrongCheck(first17), TODAY);
    expect(codes(a.issues)).toEqual(['id.checksum:error']);
    expect(a.issues[0]!.message).toContain(`应为 ${idCheckChar(first17)}`);
    expectChineseMessages(a.issues);
  });

  it('hints at Excel when the ID ends in 000', () => {
    const a = analyzeIdNumber('440308199901101000', TODAY);
    expect(codes(a.issues)).toEqual(['id.checksum:error']);
    expect(a.issues[0]!.message).toContain('Excel');
  });
});

describe('analyzeIdNumber: IDs that Excel turned into numbers', () => {
  it('a number >= 1e15 has lost digits: id.excel_precision, error', () => {
    // 440308199901101512 as a JS number is 440308199901101500: the last digits are gone.
    const a = analyzeIdNumber(440308199901101512, TODAY);
    expect(codes(a.issues)).toEqual(['id.excel_precision:error']);
    expect(a.issues[0]!.message).toContain('Excel');
    expect(a.issues[0]!.message).toContain('文本');
    expectChineseMessages(a.issues);
    expect(a.kind).toBeUndefined();
  });

  it('1e15 itself is already too large to trust', () => {
    const a = analyzeIdNumber(1e15, TODAY);
    expect(codes(a.issues)).toEqual(['id.excel_precision:error']);
  });

  it.each(['4.40308E+17', '4.40308e+17', '4.40308E17', ' 4.40308E+17 '])('the text %s (a CSV of a numeric column) is id.excel_precision', (raw) => {
    const a = analyzeIdNumber(raw, TODAY);
    expect(codes(a.issues)).toEqual(['id.excel_precision:error']);
    expectChineseMessages(a.issues);
  });

  it('a 15-digit ID stored as a number is exact and is upgraded', () => {
    const a = analyzeIdNumber(610104620927690, TODAY);
    expect(a.value).toBe('610104196209276908');
    expect(a.kind).toBe('legacy15');
    expect(a.birthDate).toBe('1962-09-27');
    expect(codes(a.issues)).toEqual(['id.format:fixed']);
    expect(a.issues[0]!.fixed).toBe('610104196209276908');
  });

  it('a number that is not an integer is no ID', () => {
    const a = analyzeIdNumber(610104620927.69, TODAY);
    expect(a.issues.filter((i) => i.severity === 'error')).toHaveLength(1);
  });
});

describe('analyzeIdNumber: Hong Kong, Macau and Taiwan residence permits', () => {
  it.each([
    ['81', 'Hong Kong', '810000'],
    ['82', 'Macau', '820000'],
    ['83', 'Taiwan', '830000'],
  ])('accepts a permit with prefix %s (%s)', (_prefix, _where, address) => {
    const id = withCheck(`${address}19900101123`);
    const a = analyzeIdNumber(id, TODAY);
    expect(a.issues).toEqual([]);
    expect(a.kind).toBe('hkmotw');
    expect(a.value).toBe(id);
    expect(a.birthDate).toBe('1990-01-01');
    expect(a.gender).toBe('男'); // 17th digit 3 is odd
  });

  it('checks the permit check character with the same algorithm', () => {
    const a = analyzeIdNumber(withWrongCheck('81000019900101123'), TODAY);
    expect(codes(a.issues)).toEqual(['id.checksum:error']);
  });
});

describe("analyzeIdNumber: foreigners' permanent-residence IDs (9-prefixed)", () => {
  // 9 + province (2) + nationality (3) + birth date (8) + sequence (3) + check.
  it('accepts one issued by a mainland province, reads birth date and gender', () => {
    const id = withCheck('9' + '44' + '156' + '19900101' + '001');
    const a = analyzeIdNumber(id, TODAY);
    expect(a.issues).toEqual([]);
    expect(a.kind).toBe('foreignPermanent');
    expect(a.value).toBe(id);
    expect(a.birthDate).toBe('1990-01-01');
    expect(a.gender).toBe('男'); // 17th digit 1 is odd
  });

  it('reads a female from an even 17th digit', () => {
    const a = analyzeIdNumber(withCheck('9' + '11' + '840' + '19850615' + '002'), TODAY);
    expect(a.issues).toEqual([]);
    expect(a.gender).toBe('女');
    expect(a.birthDate).toBe('1985-06-15');
  });

  it.each(['00', '99', '10', '47'])('rejects province %s in digits 2-3 (id.region)', (province) => {
    const a = analyzeIdNumber(withCheck('9' + province + '156' + '19900101' + '001'), TODAY);
    expect(codes(a.issues)).toEqual(['id.region:error']);
    expect(a.issues[0]!.message).toContain(`“${province}”`);
    expectChineseMessages(a.issues);
  });

  it('checks the birth date and the check character', () => {
    expect(codes(analyzeIdNumber(withCheck('9' + '44' + '156' + '19900230' + '001'), TODAY).issues)).toEqual(['id.birthdate:error']);
    expect(codes(analyzeIdNumber(withWrongCheck('9' + '44' + '156' + '19900101' + '001'), TODAY).issues)).toEqual(['id.checksum:error']);
  });
});
