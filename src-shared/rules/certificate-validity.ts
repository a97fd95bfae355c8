import { chineseDay } from '../exam-status.js';
import { retirementCategory, retirementDate } from './retirement.js';
import { certificateEnd } from './validity.js';

/**
 * 取证 (Fujian notes ⑥ and ⑨): a passed person's certificate runs from the 成绩合格确认公告 date for
 * five years, ended by retirement when that comes sooner (certificateEnd). The desktop shows it before
 * the numbers go out; the server computes it again from its own copy of the person and the exam.
 */

export type CertificateValidity =
  | { ok: true; validFrom: string; validTo: string; retirement: string; cappedByRetirement: boolean }
  | { ok: false; message: string };

/** `gender` is 男/女 as the ID number says; `birthDate` ISO. Enforcement staff are cadres (women 55). */
export function certificateValidity(p: { announcedOn: string; birthDate: string; gender: string; name?: string }): CertificateValidity {
  const who = p.name ? `${p.name}` : '此人';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) || (p.gender !== '男' && p.gender !== '女')) {
    return { ok: false, message: `${who}的出生日期或性别不全，算不出退休日期，请核对身份证号。` };
  }
  const retirement = retirementDate(retirementCategory(p.gender), p.birthDate);
  if (p.announcedOn >= retirement) {
    return { ok: false, message: `${who}的退休日期（${chineseDay(retirement)}）不晚于合格确认公告日（${chineseDay(p.announcedOn)}），不能取证。` };
  }
  const validTo = certificateEnd(p.announcedOn, retirement);
  return { ok: true, validFrom: p.announcedOn, validTo, retirement, cappedByRetirement: validTo === retirement };
}

/**
 * Whether an imported score's 是否通过 says passed. The platform writes 是/否; 通过, 合格 and their
 * 已… forms are read the same, so a re-worded export does not leave passed people out.
 */
export const PASSED_WORDS: readonly string[] = ['是', '通过', '已通过', '合格', '已合格'];

export function scoreSaysPassed(passed: string): boolean {
  return PASSED_WORDS.includes(passed.replace(/\s+/g, ''));
}
