import { SEVERITY_LABEL } from '../../src-shared/domain/issue.js';
import { fieldLabel } from '../../src-shared/template.js';
import type { ValidationReport } from '../validation/validate-file.js';

/** The findings as a clerk or administrator reads them in a terminal: only rows with findings. */
export function formatReport(r: ValidationReport): string {
  const lines: string[] = [];
  const where = r.sheet ? `工作表“${r.sheet}”，` : '';
  lines.push(`文件：${r.file}（${where}表头在第 ${r.headerRow} 行，${r.kind === 'renewal' ? '换证人员' : '新办人员'}）`);
  if (r.skippedSheets?.length) {
    lines.push(`另有工作表 ${r.skippedSheets.map((s) => `“${s.name}”（${s.rows} 人）`).join('、')} 也有采集表表头，人数较少，未读取。`);
  }
  if (r.rows.length === 0) lines.push('表头下面没有填写任何人员。');
  for (const row of r.rows) {
    if (row.issues.length === 0) continue;
    lines.push('');
    lines.push(`第 ${row.row} 行  ${row.name || '（无姓名）'}  ${row.idNumber || '（无身份证号）'}`);
    for (const i of row.issues) lines.push(`  [${SEVERITY_LABEL[i.severity]}] ${fieldLabel(i.field)}：${i.message}`);
  }
  for (const p of r.photos) {
    if (p.issues.length === 0) continue;
    lines.push('');
    lines.push(`照片 ${p.file}`);
    for (const i of p.issues) lines.push(`  [${SEVERITY_LABEL[i.severity]}] ${i.message}`);
  }
  const s = r.summary;
  lines.push('');
  lines.push(
    `共 ${s.rows} 人：${s.valid} 人无错误，${s.invalid} 人有错误需要修改` +
      (s.fixed ? `，${s.fixed} 人的数据已自动修正（请核对）` : '') +
      (s.warnings ? `，${s.warnings} 人有提醒` : '') +
      '。',
  );
  return lines.join('\n') + '\n';
}
