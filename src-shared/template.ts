import type { BatchKind, FieldKey } from './domain/person.js';
import { photoFileWords, type PhotoFileWords } from './photo-file-words.js';

/**
 * The collection template (附件2 of the Fujian manual): one place that says which columns exist, in
 * which order, what the header says, what the clerk is told about each, and how the cell is typed.
 * The template writer, the workbook reader, the error report and the UI all read this table.
 */

/** Which code table (resources/code-tables) a column's values come from. */
export type CodeTableName = 'ethnicity' | 'political' | 'education' | 'rank' | 'posts' | 'examCategory' | 'yesNo';

export type CellKind =
  /** Free text. */
  | 'text'
  /** Text that must stay text in Excel (IDs, codes with leading zeros). */
  | 'textCode'
  /** A calendar date, written YYYY-MM-DD. */
  | 'date';

export interface TemplateColumn {
  key: FieldKey;
  /** Header text exactly as the official template prints it. */
  header: string;
  /** Other header texts seen in filled templates (garbled copies, shortened headers). */
  aliases: readonly string[];
  width: number;
  cell: CellKind;
  table?: CodeTableName;
  required: boolean;
  /** Short Chinese hint shown as the header's input prompt. */
  prompt: string;
}

export const SEQ_HEADER = '序号';

export const TEMPLATE_TITLE = '(盖章) 市(区)行政执法人员基本信息数据元采集表';
export const RENEWAL_TEMPLATE_TITLE = '(盖章) 市(区)行政执法人员基本信息数据元采集表(换证人员)';

/** The 照片 column's prompt without the file type (photoColumnPrompt adds the spec's). */
const PHOTO_PROMPT = '不要嵌入照片，只填照片文件名，用身份证号命名';

export const BASE_COLUMNS: readonly TemplateColumn[] = [
  { key: 'county', header: '县(市、区)', aliases: ['县市区', '县(市区)', '所属司法辖区', '地区'], width: 12, cell: 'text', required: true, prompt: '市司法局管理的填“某某市”，县区司法局管理的填“某某县(区)”' },
  { key: 'name', header: '持证人姓名', aliases: ['姓名', '持证人'], width: 10, cell: 'text', required: true, prompt: '填写身份证上的姓名' },
  { key: 'photo', header: '照片', aliases: ['照片名称', '照片文件名'], width: 24, cell: 'text', required: false, prompt: PHOTO_PROMPT },
  { key: 'agency', header: '所属执法主体或受委托组织名称', aliases: ['所属执法主持或照的托组织名称', '所属执法主体', '执法主体名称', '所属执法主体或受委托组织', '工作单位', '单位名称'], width: 28, cell: 'text', required: true, prompt: '填写所属执法主体或受委托组织的全称' },
  { key: 'certNo', header: '证编号', aliases: ['证件编号', '证号', '执法证编号'], width: 16, cell: 'textCode', required: false, prompt: '考试通过后按本单位证照编号规则生成，报名时可不填' },
  { key: 'certExpiry', header: '证有效期截止日', aliases: ['有效期截止日', '证件有效期截止日'], width: 14, cell: 'date', required: false, prompt: '格式 YYYY-MM-DD；有效期 5 年，不晚于退休日期' },
  { key: 'idNumber', header: '持证人身份证号码', aliases: ['身份证号码', '身份证号', '公民身份号码', '证件号码'], width: 22, cell: 'textCode', required: true, prompt: '18 位身份证号，末位 X 大写；请保持文本格式' },
  { key: 'gender', header: '性别', aliases: [], width: 6, cell: 'text', required: false, prompt: '可不填，按身份证号自动判断' },
  { key: 'ethnicity', header: '民族', aliases: [], width: 10, cell: 'text', table: 'ethnicity', required: true, prompt: '至少两个汉字，如 汉族、蒙古族' },
  { key: 'birthDate', header: '出生日期', aliases: ['出生年月日'], width: 12, cell: 'date', required: true, prompt: '格式 YYYY-MM-DD，如 2001-01-22' },
  { key: 'political', header: '政治面貌', aliases: ['政治面貌代码'], width: 10, cell: 'textCode', table: 'political', required: true, prompt: '只填代码，如 01 中共党员、13 群众' },
  { key: 'validFrom', header: '持有效期起始日', aliases: ['有效期起始日', '证有效期起始日', '持证有效期起始日'], width: 14, cell: 'date', required: false, prompt: '格式 YYYY-MM-DD' },
  { key: 'education', header: '最高学历', aliases: ['学历'], width: 12, cell: 'text', table: 'education', required: true, prompt: '如 大学本科、大学专科、研究生' },
  { key: 'major', header: '最高学历专业', aliases: ['专业', '所学专业'], width: 14, cell: 'text', required: false, prompt: '最高学历所学专业' },
  { key: 'rankCode', header: '职级代码', aliases: ['职级'], width: 10, cell: 'textCode', table: 'rank', required: true, prompt: '只填代码，详见通知附件，如 020201' },
  { key: 'isLawMajor', header: '是否法学专业', aliases: [], width: 8, cell: 'text', table: 'yesNo', required: true, prompt: '填 是 或 否' },
  { key: 'hasLegalQualification', header: '是否具有法律职业资格', aliases: ['是否具有法律职业资格证'], width: 10, cell: 'text', table: 'yesNo', required: true, prompt: '填 是 或 否' },
  { key: 'posts', header: '执法岗位', aliases: ['执法岗位代码'], width: 10, cell: 'textCode', table: 'posts', required: true, prompt: '只填代码：01 依职权开展的行政执法，02 依申请开展的行政执法；多个用逗号分隔，如 01,02' },
  { key: 'examCategory', header: '考试类别', aliases: ['考试类型'], width: 20, cell: 'text', table: 'examCategory', required: true, prompt: '如 综合法律知识考试' },
];

export const RENEWAL_COLUMNS: readonly TemplateColumn[] = [
  { key: 'originalCertNo', header: '原证件号码', aliases: ['原证件编号', '原证号', '原执法证号'], width: 18, cell: 'textCode', required: true, prompt: '换证人员填写原执法证件号码' },
  { key: 'originalAgency', header: '原发证单位', aliases: ['原单位', '原发证机关'], width: 24, cell: 'text', required: true, prompt: '换证人员填写原发证单位' },
];

export function templateColumns(kind: BatchKind): readonly TemplateColumn[] {
  return kind === 'renewal' ? [...BASE_COLUMNS, ...RENEWAL_COLUMNS] : BASE_COLUMNS;
}

export const ALL_COLUMNS: readonly TemplateColumn[] = [...BASE_COLUMNS, ...RENEWAL_COLUMNS];

export function columnOf(key: FieldKey): TemplateColumn {
  const col = ALL_COLUMNS.find((c) => c.key === key);
  if (!col) throw new Error(`unknown field ${key}`);
  return col;
}

/** The Chinese column name for messages ("持证人身份证号码"). */
export function fieldLabel(key: FieldKey | string): string {
  return ALL_COLUMNS.find((c) => c.key === key)?.header ?? key;
}

/**
 * Header text in a comparable form: no white space of any kind, full-width brackets and commas made
 * half-width, required-markers (*, ※, （必填）) dropped. Filled templates arrive with all of these.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u200b\u3000]+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\((必填|选填|必填项)\)/g, '')
    .replace(/[*※]/g, '');
}

const headerIndex = new Map<string, FieldKey>();
for (const col of ALL_COLUMNS) {
  for (const text of [col.header, ...col.aliases]) headerIndex.set(normalizeHeader(text), col.key);
}

/** The field a header cell names, or undefined for 序号 and anything unknown. */
export function fieldForHeader(text: string): FieldKey | undefined {
  return headerIndex.get(normalizeHeader(text));
}

/**
 * The 10 filling notes under the data, as the official template prints them (wording tidied). Note ①
 * names the photo file type of the spec in force (photo-file-words.ts): the Fujian manual's own note
 * says .png, the Guangxi rules .jpg.
 */
export function templateNotes(photo: PhotoFileWords = photoFileWords()): readonly string[] {
  return [
    `①本表格为Excel格式表格，照片无需嵌入表格，只需填写名称，名称必须与照片文件名称一致，照片一律用身份证号命名，${photo.formats} 格式，如：${photo.example}。`,
    '②出生日期格式：YYYY-MM-DD，如：2001-01-22。',
    '③政治面貌只需填写代码（01中共党员、02中共预备党员、03共青团员、04民革党员、05民建党员、06民盟党员、07民进党员、08农工党党员、09致公党党员、10九三学社社员、11台盟盟员、12无党派民主人士、13群众）。',
    '④职级代码只需填写代码，详见通知附件。',
    '⑤执法岗位只需填写代码（01：行政处罚、行政强制、行政检查、行政征收征用等依职权开展的行政执法；02：行政许可、行政确认、行政给付等依申请开展的行政执法），执法岗位可多个。',
    '⑥有效期填写说明：证件有效期为5年，证件有效期从综合和专业法律知识考试成绩合格确认公告之日起算，若起算日期离退休日期不足5年的，以实际退休日期为有效期届满日期。',
    '⑦民族最少填写2个汉字，如：汉族、蒙古族。',
    '⑧县(市、区)填写以所属司法辖区为主，市司法局管理填写：某某市，县区司法局管理填写：某某县(区)。',
    '⑨考试通过后，由各执法单位于考试通过人员名单，按各执法单位证照编号规则生成编号后上传取证。',
    '⑩换证人员需单独列表上传。',
  ];
}

/** The notes before a photo spec is known (either format). */
export const TEMPLATE_NOTES: readonly string[] = templateNotes();

/** The 照片 column's prompt, with the file type of the spec in force. */
export function photoColumnPrompt(photo: PhotoFileWords = photoFileWords()): string {
  return `${PHOTO_PROMPT}，${photo.formats} 格式，如 ${photo.example}`;
}

/** Who filled the list in: the clerk's 修改资料 (联系人, 联系电话), printed in the footer. */
export interface TemplateContact {
  contactName: string;
  contactPhone: string;
}

const FOOTER_GAP = '            ';

/** The 联系方式/日期/填报人 line under the notes; blanks to write in by hand where the clerk has given nothing. */
export function templateFooter(contact?: Partial<TemplateContact>): string {
  const phone = contact?.contactPhone?.trim() ?? '';
  const name = contact?.contactName?.trim() ?? '';
  return `联系方式：${phone || FOOTER_GAP}${phone ? '      ' : ''}日期：${FOOTER_GAP}填报人：${name}`;
}

export const TEMPLATE_FOOTER = templateFooter();

/** Texts that begin the rows under the data; the reader stops at the first one. */
export const END_OF_DATA_MARKERS: readonly string[] = ['注：', '注:', '注①', '①', '联系方式', '填表说明', '填报人', '备注：'];
