import type { Issue } from '../domain/issue.js';
import { cleanText } from './text.js';

/**
 * Person names as the ID card prints them: Chinese characters (rare ones outside the BMP included),
 * minority names joined by the middle dot (买买提·吐尔逊), or Latin letters for foreign nationals.
 */

/** The look-alikes of the middle dot that input methods and fonts produce. */
const DOT_LOOKALIKES = /[\u2022\u2027\u30fb\uff65\u2219\u22c5\u0387\u2e31\u16eb.]/g;
const MIDDLE_DOT = '\u00b7';

const HAN_NAME = /^\p{Script=Han}+(?:\u00b7\p{Script=Han}+)*$/u;
const LATIN_NAME = /^[A-Za-z][A-Za-z '\-\u00b7]*[A-Za-z]$/;

export interface NameCheck {
  value: string;
  issues: Issue[];
}

export function checkName(raw: string): NameCheck {
  const cleaned = cleanText(raw).replace(DOT_LOOKALIKES, MIDDLE_DOT).replace(/\s*\u00b7\s*/g, MIDDLE_DOT);
  const isHanLike = /\p{Script=Han}/u.test(cleaned) && !/[A-Za-z]/.test(cleaned);
  // Chinese names are often padded with spaces to align two-character names ("张  三").
  const value = isHanLike ? cleaned.replace(/[\s\u00a0\u3000]+/g, '') : cleaned.replace(/\s+/g, ' ');
  const issues: Issue[] = [];
  const chars = [...value].length;

  if (isHanLike) {
    if (!HAN_NAME.test(value)) {
      issues.push(invalid(raw, '姓名中有汉字和间隔号“·”以外的字符（如数字、括号、标点），请按身份证填写。'));
    } else if (chars < 2 || chars > 30) {
      issues.push(invalid(raw, `姓名长度为 ${chars} 个字，不像身份证上的姓名，请核对。`));
    }
  } else if (!LATIN_NAME.test(value)) {
    issues.push(invalid(raw, '姓名应为汉字（少数民族姓名用“·”分隔），外籍人员可用英文字母，请按证件填写。'));
  } else if (chars > 60) {
    issues.push(invalid(raw, `姓名长度为 ${chars} 个字符，超过 60 个，请核对。`));
  }
  if (issues.length === 0 && value !== raw) {
    issues.push({
      field: 'name',
      code: 'name.invalid',
      severity: 'fixed',
      message: `姓名中的空格或间隔号已整理为“${value}”，请核对。`,
      value: raw,
      fixed: value,
    });
  }
  return { value, issues };
}

function invalid(raw: string, message: string): Issue {
  return { field: 'name', code: 'name.invalid', severity: 'error', message, value: raw };
}
