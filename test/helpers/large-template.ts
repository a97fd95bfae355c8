import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { BASE_COLUMNS, TEMPLATE_NOTES, TEMPLATE_TITLE } from '../../src-shared/template.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';

/**
 * A filled template of `rows` people, written the way Excel writes one (shared strings, a date
 * style on date cells). One row in ten carries an Excel habit so the rules have repairs to report.
 */
export async function generateTemplate(file: string, rows: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = file + '.part';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('采集表');
  ws.addRow([TEMPLATE_TITLE]).commit();
  ws.addRow(['序号', ...BASE_COLUMNS.map((c) => c.header)]).commit();
  const counties = ['福州市', '鼓楼区', '台江区', '仓山区', '晋安区', '闽侯县'];
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '欧阳'];
  const given = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇'];
  // 40 years x 12 months x 28 days of birth dates, then the sequence number: every ID unique.
  const dates = 40 * 12 * 28;
  for (let i = 0; i < rows; i++) {
    const d = i % dates;
    const year = 1962 + (d % 40);
    const month = 1 + (Math.floor(d / 40) % 12);
    const day = 1 + (Math.floor(d / 480) % 28);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const first17 = '350102' + birth + String(Math.floor(i / dates) * 7 + (i % 7)).padStart(3, '0');
    const id = first17 + idCheckChar(first17);
    const gender = Number(first17[16]) % 2 === 1 ? '男' : '女';
    // One row in ten carries one of six Excel habits; the rest are clean, as in a real file.
    const habit = i % 10 === 0 ? ((i / 10) % 6) + 1 : 0;
    ws.addRow([
      i + 1,
      counties[i % counties.length],
      surnames[i % surnames.length]! + given[i % given.length]!,
      `${id}.jpg`,
      `福州市第${(i % 50) + 1}执法大队`,
      null,
      null,
      habit === 1 ? Number(id.slice(0, 15)) * 1000 : id,
      gender,
      '汉族',
      habit === 2 ? new Date(Date.UTC(year, month - 1, day)) : `${year}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      habit === 3 ? 1 : '01',
      null,
      habit === 4 ? '本科' : '大学本科',
      '法学',
      habit === 5 ? 20201 : '020201',
      '是',
      '否',
      habit === 6 ? 1.02 : '01,02',
      '综合法律知识考试',
    ]).commit();
  }
  ws.addRow([]).commit();
  for (const note of TEMPLATE_NOTES) ws.addRow([note]).commit();
  ws.commit();
  await wb.commit();
  fs.renameSync(tmp, file);
}
