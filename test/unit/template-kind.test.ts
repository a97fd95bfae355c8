import { describe, expect, it } from 'vitest';
import { templateKindOf } from '../../src-shared/template-kind.js';
import { chineseDateText } from '../../src-shared/chinese-date.js';
import { photoFileWords } from '../../src-shared/photo-file-words.js';
import { templateFooter, templateNotes, TEMPLATE_FOOTER } from '../../src-shared/template.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';

describe('which list a workbook is (note ⑩)', () => {
  const base = { title: '(盖章) 市(区)行政执法人员基本信息数据元采集表', fileName: '采集表.xlsx' };
  it('the 换证 columns settle it, whatever the title says', () => {
    expect(templateKindOf({ ...base, hasRenewalColumns: true })).toEqual({ kind: 'renewal' });
    expect(templateKindOf({ ...base, title: '', hasRenewalColumns: true })).toEqual({ kind: 'renewal' });
  });
  it('without them and without any 换证 word it is a new list', () => {
    expect(templateKindOf({ ...base, hasRenewalColumns: false })).toEqual({ kind: 'new' });
    expect(templateKindOf({ title: '', fileName: 'data.csv', hasRenewalColumns: false })).toEqual({ kind: 'new' });
  });
  it('a 换证 title, sheet or file name without the columns cannot be told: it says where the word was', () => {
    const byTitle = templateKindOf({ ...base, title: '换证人员 行政执法人员基本信息采集表', hasRenewalColumns: false });
    expect(byTitle.kind).toBeUndefined();
    expect(byTitle).toMatchObject({ why: expect.stringContaining('标题写着“换证”') });
    expect(templateKindOf({ ...base, sheet: '换证人员', hasRenewalColumns: false })).toMatchObject({ kind: undefined, why: expect.stringContaining('工作表名') });
    expect(templateKindOf({ ...base, fileName: '青秀区 换 证 人员.xlsx', hasRenewalColumns: false })).toMatchObject({ kind: undefined, why: expect.stringContaining('文件名') });
  });
});

describe('the header date', () => {
  it('reads as the manual prints it, with the weekday counted from the date', () => {
    expect(chineseDateText('2026-12-06')).toBe('2026年12月6日 星期日');
    expect(chineseDateText('2024-01-17')).toBe('2024年1月17日 星期三'); // the manual's screenshot
    expect(chineseDateText('2024-02-29')).toBe('2024年2月29日 星期四');
    expect(chineseDateText('')).toBe('');
  });
});

describe('file-type words follow the photo spec', () => {
  it('Fujian wants PNG, Guangxi JPG; before a spec either', () => {
    expect(photoFileWords(getPhotoSpec('fujian'))).toEqual({ formats: 'PNG', extension: '.png', example: '440308199901101512.png' });
    expect(photoFileWords(getPhotoSpec('guangxi'))).toEqual({ formats: 'JPG', extension: '.jpg', example: '440308199901101512.jpg' });
    expect(photoFileWords().formats).toBe('JPG 或 PNG');
    const fujian = templateNotes(photoFileWords(getPhotoSpec('fujian')))[0]!;
    expect(fujian).toContain('PNG 格式，如：440308199901101512.png');
    expect(fujian).not.toMatch(/\.jpg/);
  });
  it('the footer carries the contact, or blanks to write in', () => {
    expect(TEMPLATE_FOOTER).toBe('联系方式：            日期：            填报人：');
    expect(templateFooter({ contactName: '李文静', contactPhone: '0771-5551234' })).toBe('联系方式：0771-5551234      日期：            填报人：李文静');
  });
});
