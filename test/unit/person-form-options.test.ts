import { describe, expect, it } from 'vitest';
import { codeOptions, matchesOption, splitCodes } from '../../src-renderer/components/person-form/code-options.js';
import { commentParts } from '../../src-renderer/components/person-form/review-comment.js';
import { countyOfJurisdiction, newPersonDefaults } from '../../src-renderer/components/person-form/prefill.js';
import type { CodeChoices } from '../../src-shared/contract/desktop-reference-api.js';

/** The person form's choices and the reviewer's comment cut into requests (pure, no window). */
const political: CodeChoices = {
  table: 'political', title: '政治面貌', valueForm: 'code', codeLength: 2,
  entries: [
    { code: '01', name: '中共党员', aliases: ['党员'], initials: ['zgdy', 'dy'] },
    { code: '02', name: '中共预备党员', initials: ['zgybdy'] },
    { code: '13', name: '群众', initials: ['qz'] },
  ],
};
const yesNo: CodeChoices = { table: 'yesNo', title: '是否', valueForm: 'name', codeLength: 1, entries: [{ code: '1', name: '是', aliases: ['Y'], initials: ['s', 'y'] }] };

describe('codeOptions', () => {
  it('shows "code 名称", keeps the value the template cell holds, and finds by code, name, alias or initials', () => {
    const o = codeOptions('political', political);
    expect(o.map((x) => [x.value, x.label])).toEqual([['01', '01 中共党员'], ['02', '02 中共预备党员'], ['13', '13 群众']]);
    const found = (q: string) => o.filter((x) => matchesOption(q, x)).map((x) => x.value);
    expect(found('02')).toEqual(['02']);
    expect(found('预备')).toEqual(['02']);
    expect(found('zgyb')).toEqual(['02']);
    expect(found('ZGDY')).toEqual(['01']);
    expect(found('党员')).toEqual(['01', '02']);
    expect(found('qz')).toEqual(['13']);
    expect(found('xyz')).toEqual([]);
  });

  it('is/no shows the word only; its value is the word', () => {
    expect(codeOptions('yesNo', yesNo)).toEqual([expect.objectContaining({ value: '是', label: '是' })]);
  });

  it('splits several codes written any way the rules accept', () => {
    expect(splitCodes('01,02')).toEqual(['01', '02']);
    expect(splitCodes('01，02、03 ')).toEqual(['01', '02', '03']);
    expect(splitCodes('')).toEqual([]);
  });
});

describe('commentParts', () => {
  it('cuts a comment into its requests at semicolons, line breaks and numbering, never inside a date', () => {
    expect(commentParts('一、学历填写有误；二、照片不是近期照片，请更换。')).toEqual(['学历填写有误', '照片不是近期照片，请更换']);
    expect(commentParts('1. 出生日期与身份证不符 2. 照片背景不对')).toEqual(['出生日期与身份证不符', '照片背景不对']);
    expect(commentParts('（1）学历有误。（2）1991.03.05 不对')).toEqual(['学历有误', '1991.03.05 不对']);
    expect(commentParts('请删除重复的记录\n请补充佐证材料')).toEqual(['请删除重复的记录', '请补充佐证材料']);
    expect(commentParts('照片不是近期照片，请更换后重新提交。')).toEqual(['照片不是近期照片，请更换后重新提交']);
    expect(commentParts('版本 1.5 不对')).toEqual(['版本 1.5 不对']);
    expect(commentParts('')).toEqual([]);
  });
});

describe('a new person’s defaults', () => {
  it('takes the unit, and 县(市、区) from the account’s 司法局 (note ⑧)', () => {
    expect(countyOfJurisdiction('青秀区司法局')).toBe('青秀区');
    expect(countyOfJurisdiction('南宁市司法局')).toBe('南宁市');
    expect(countyOfJurisdiction('闽侯县司法局')).toBe('闽侯县');
    expect(countyOfJurisdiction('福建省司法厅')).toBe('');
    expect(countyOfJurisdiction('')).toBe('');
    expect(newPersonDefaults({ unitName: '青秀区市场监督管理局', jurisdictionName: '青秀区司法局' })).toEqual({ agency: '青秀区市场监督管理局', county: '青秀区' });
    expect(newPersonDefaults({ unitName: '', jurisdictionName: '' })).toEqual({});
  });
});
