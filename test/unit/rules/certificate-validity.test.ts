import { describe, expect, it } from 'vitest';
import { certificateValidity, scoreSaysPassed } from '../../../src-shared/rules/certificate-validity.js';

describe('a passed person\'s certificate validity (notes ⑥ and ⑨)', () => {
  it('runs five years from the 合格确认公告 date when retirement is further away', () => {
    expect(certificateValidity({ announcedOn: '2026-12-01', birthDate: '1990-05-06', gender: '女' })).toEqual({
      ok: true, validFrom: '2026-12-01', validTo: '2031-12-01', retirement: '2048-05-06', cappedByRetirement: false,
    });
  });

  it('ends on the retirement date when that comes sooner (man born 1968-03: 60 years and 10 months)', () => {
    const v = certificateValidity({ announcedOn: '2026-12-01', birthDate: '1968-03-15', gender: '男' });
    expect(v).toEqual({ ok: true, validFrom: '2026-12-01', validTo: '2029-01-15', retirement: '2029-01-15', cappedByRetirement: true });
  });

  it('refuses in Chinese when the person retires before the announcement, or the birth date is unknown', () => {
    const late = certificateValidity({ announcedOn: '2026-12-01', birthDate: '1960-01-01', gender: '男', name: '张三' });
    expect(late).toEqual({ ok: false, message: expect.stringContaining('张三的退休日期（2020年1月1日）') as unknown as string });
    const unknown = certificateValidity({ announcedOn: '2026-12-01', birthDate: '', gender: '' });
    expect(unknown.ok).toBe(false);
  });

  it('reads 是/通过/合格 as passed and 否 or blank as not', () => {
    expect(['是', ' 通过 ', '已通过', '合格'].map(scoreSaysPassed)).toEqual([true, true, true, true]);
    expect(['否', '', '不通过', '缺考'].map(scoreSaysPassed)).toEqual([false, false, false, false]);
  });
});
