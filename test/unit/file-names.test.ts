import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, fileNameForMime, fileNameForType } from '../../src-shared/file-names.js';
import { cleanMultilineText, cleanText, foldSpaces } from '../../src-shared/rules/text.js';
import { checkName } from '../../src-shared/rules/names.js';

describe('file names (src-shared/file-names.ts)', () => {
  it('removes bidi controls and marks, other format and control characters', () => {
    expect(cleanFileName('\u202egpj.exe')).toBe('gpj.exe');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\ufeff', '\u0007', '\n', '\u0085']) {
      expect(cleanFileName(`a${c}b.pdf`), JSON.stringify(c)).toBe('ab.pdf');
    }
  });

  it('keeps only the last part of a path, makes Windows-forbidden characters harmless and drops trailing dots', () => {
    expect(cleanFileName('C:\\Users\\x\\证明.pdf')).toBe('证明.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a<b>:c|d?.pdf. . ')).toBe('a_b__c_d_.pdf');
    expect(cleanFileName('\u202e')).toBe('');
    expect([...cleanFileName(`${'长'.repeat(300)}.pdf`)]).toHaveLength(255);
    expect(cleanFileName(`${'长'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
  });

  it('ends the name in the extension of the sniffed type', () => {
    expect(fileNameForType('说明.bat', 'pdf')).toBe('说明.pdf');
    expect(fileNameForType('x.pdf.exe', 'png')).toBe('x.pdf.png');
    expect(fileNameForType('\u202egpj.exe', 'jpeg')).toBe('gpj.jpg');
    expect(fileNameForType('照片.JPEG', 'jpeg')).toBe('照片.JPEG');
    expect(fileNameForType('照片.jpg', 'png')).toBe('照片.png');
    expect(fileNameForType('报告.2024版', 'pdf')).toBe('报告.2024版.pdf');
    expect(fileNameForType('无扩展名', 'pdf')).toBe('无扩展名.pdf');
    expect(fileNameForType('\u202e', 'pdf')).toBe('文件.pdf');
    expect(fileNameForMime('a.exe', 'application/pdf')).toBe('a.pdf');
    expect(fileNameForMime('a.exe', 'image/jpeg')).toBe('a.jpg');
    expect(fileNameForMime('a.exe', 'text/html')).toBe('a.bin');
  });

  it('builds an RFC 5987 Content-Disposition with an ASCII stand-in', () => {
    expect(contentDisposition('inline', '说明.pdf')).toBe(`inline; filename="__.pdf"; filename*=UTF-8''%E8%AF%B4%E6%98%8E.pdf`);
    expect(contentDisposition('attachment', `a"b\\c'(1).pdf`)).toBe(`attachment; filename="a_b_c'(1).pdf"; filename*=UTF-8''a%22b%5Cc%27%281%29.pdf`);
  });
});

describe('the shared text rule strips bidi and control characters', () => {
  it('from every free-text field and from names', () => {
    expect(cleanText('张\u202e三\u200f')).toBe('张三');
    expect(foldSpaces('\u2066某某局\u2069  执法\u0007支队')).toBe('某某局 执法支队');
    expect(checkName('李\u202d四\u061c').value).toBe('李四');
    expect(checkName('李\u202d四').issues.some((i) => i.severity === 'error')).toBe(false);
  });

  it('keeps the lines of a comment, without invisible characters', () => {
    expect(cleanMultilineText(' 照片\u202e不清楚\u200b \r\n\r\n请重拍。\u0007\n ')).toBe('照片不清楚\n\n请重拍。');
  });
});
