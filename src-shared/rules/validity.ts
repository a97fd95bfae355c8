import type { Issue } from '../domain/issue.js';
import { addYears } from './dates.js';

/**
 * Certificate validity (填表说明⑥): five years from the day the exam result is announced, ended
 * earlier by retirement. Returns findings on `certExpiry` (or `validFrom` when the start itself is
 * already past retirement).
 */
export function certificateEnd(validFrom: string, retirement: string | undefined): string {
  const fiveYears = addYears(validFrom, 5);
  return retirement && retirement < fiveYears ? retirement : fiveYears;
}

export function checkValidity(args: { validFrom?: string; certExpiry?: string; retirement?: string }): Issue[] {
  const { validFrom, certExpiry, retirement } = args;
  const out: Issue[] = [];
  if (validFrom && retirement && validFrom >= retirement) {
    out.push({
      field: 'validFrom',
      code: 'validity.range',
      severity: 'error',
      message: `有效期起始日 ${validFrom} 已到或超过本人退休日期 ${retirement}，不能再取证，请核对出生日期或起始日。`,
      value: validFrom,
    });
    return out;
  }
  if (!certExpiry) return out;
  if (validFrom && certExpiry < validFrom) {
    out.push({
      field: 'certExpiry',
      code: 'validity.range',
      severity: 'error',
      message: `证有效期截止日 ${certExpiry} 早于起始日 ${validFrom}，请核对两个日期。`,
      value: certExpiry,
    });
    return out;
  }
  if (validFrom && certExpiry > addYears(validFrom, 5)) {
    const end = certificateEnd(validFrom, retirement);
    out.push({
      field: 'certExpiry',
      code: 'validity.range',
      severity: 'error',
      message: `证件有效期最长 5 年：起始日 ${validFrom} 的截止日最晚为 ${end}，现为 ${certExpiry}，请改正。`,
      value: certExpiry,
    });
    return out;
  }
  if (retirement && certExpiry > retirement) {
    out.push({
      field: 'certExpiry',
      code: 'validity.range',
      severity: 'error',
      message: `证有效期截止日 ${certExpiry} 晚于本人退休日期 ${retirement}；离退休不足 5 年的，以退休日期为截止日，请改为 ${retirement}。`,
      value: certExpiry,
    });
  }
  return out;
}
