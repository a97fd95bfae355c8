import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { templateColumns } from '../../src-shared/template.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';

/**
 * What the clerk's whole job (clerk-flow-steps.ts) works on: the seed's answer (start-flow.ts), the three
 * people of 青秀区市场监督管理局, one ID as it was mistyped, the filled 采集表, portraits and a PDF.
 */
type Account = { username: string; password: string };
export type FlowEnv = { url: string; token: string; serverUrl: string; work: string; clerk: Account; reviewer: Account; admin: Account; exam: { id: number; name: string } };

const id = (birth: string, seq: string) => {
  const first17 = `450103${birth}${seq}`;
  return first17 + idCheckChar(first17);
};
export const PEOPLE = [
  { name: '韦小宁', idNumber: id('19880412', '031') },
  { name: '黄海燕', idNumber: id('19900718', '042') },
  { name: '覃志强', idNumber: id('19850203', '053') },
];
// 黄海燕's ID as a clerk mistyped it: two sequence digits swapped, so the check digit no longer fits.
const right = PEOPLE[1]!.idNumber;
export const TYPO = right.slice(0, 14) + right[15] + right[14] + right.slice(16);

/** The smallest file a PDF reader opens: stands for a scanned 三定方案 or a bank's slip. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/** Fills the downloaded template the way a clerk does in Excel: text in each column under the header. */
export async function fillTemplate(template: string, out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.worksheets[0]!;
  const col = new Map<string, number>();
  ws.getRow(2).eachCell((cell, n) => col.set(String(cell.value), n));
  const header = (key: string) => col.get(templateColumns('new').find((c) => c.key === key)!.header)!;
  PEOPLE.forEach((p, i) => {
    const row = ws.getRow(3 + i);
    const values: Record<string, string> = {
      county: '青秀区', name: p.name, agency: '南宁市青秀区市场监督管理局', idNumber: i === 1 ? TYPO : p.idNumber, ethnicity: '壮族',
      birthDate: `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`, political: '01', education: '大学本科',
      major: '法学', rankCode: '020201', isLawMajor: '是', hasLegalQualification: '否', posts: '01', examCategory: '综合法律知识考试',
    };
    row.getCell(1).value = i + 1;
    for (const [k, v] of Object.entries(values)) row.getCell(header(k)).value = v;
  });
  await wb.xlsx.writeFile(out);
}

/** A drawn portrait on a red background, `width`×`height` pixels, as a JPEG; `shade` tells the three apart. */
export async function portrait(width: number, height: number, shade: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ff0000"/><ellipse cx="${width / 2}" cy="${height * 0.4}" rx="${width * 0.22}" ry="${height * 0.2}" fill="#f1c27d"/><rect x="${width * 0.2}" y="${height * 0.65}" width="${width * 0.6}" height="${height * 0.35}" fill="#${shade.toString(16).padStart(2, '0')}2b4a"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
