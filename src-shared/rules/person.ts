import type { BatchKind, CellValue, FieldKey, PersonFields, RawRow } from '../domain/person.js';
import { emptyPersonFields } from '../domain/person.js';
import type { Issue } from '../domain/issue.js';
import type { CodeLookups } from './code-tables.js';
import { analyzeIdNumber } from './id-number.js';
import { checkName } from './names.js';
import { ageOn, parseDateCell } from './dates.js';
import { checkCodeField, checkPosts, checkYesNo } from './code-fields.js';
import { retirementCategory, retirementDate } from './retirement.js';
import { checkValidity } from './validity.js';
import { cellText, isEmptyCell, numberText } from './cell.js';
import { cleanText, compactText, foldSpaces } from './text.js';
import { columnOf, fieldLabel } from '../template.js';

/**
 * One row of the collection template -> the person in normal form and every finding. The desktop's
 * importer, its person form and the sync server all call this, so a row means the same everywhere.
 */

export interface RuleContext {
  lookups: CodeLookups;
  /** The day the rules run, YYYY-MM-DD (age and "birth date in the future" depend on it). */
  today: string;
  kind: BatchKind;
  /** The workbook counts serial dates from 1904 (old Mac Excel). */
  date1904?: boolean;
}

export interface PersonCheck {
  fields: PersonFields;
  issues: Issue[];
}

export const AGE_MIN = 18;
export const AGE_MAX = 65;

function requiredIssue(field: FieldKey): Issue {
  const col = columnOf(field);
  return { field, code: 'required', severity: 'error', value: '', message: `${col.header}未填写。请填写：${col.prompt}。` };
}

/** Plain text fields: spaces folded; numbers that Excel made of digit strings written back as digits. */
function textValue(raw: CellValue | undefined): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'number') return numberText(raw);
  return foldSpaces(cellText(raw));
}

/** Appends without spreading: spread arguments cost a call frame per element on a hot path. */
function append(into: Issue[], from: readonly Issue[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
}

const NO_DATE = { value: '', ok: false } as const;

/** A date field: '' when empty, the ISO date when readable, else the text as written (and an error). */
function readDate(field: FieldKey, raw: CellValue | undefined, ctx: RuleContext, issues: Issue[]): { value: string; ok: boolean } {
  if (isEmptyCell(raw)) return NO_DATE;
  const shown = cellText(raw!);
  const parsed = parseDateCell(raw!, ctx.date1904);
  const label = fieldLabel(field);
  if (!parsed.ok) {
    issues.push({ field, code: 'date.format', severity: 'error', value: shown, message: `${label}“${shown}”不是有效日期，请按 YYYY-MM-DD 填写，如 2001-01-22。` });
    return { value: compactText(shown), ok: false };
  }
  if (parsed.how === 'serial') {
    issues.push({ field, code: 'date.format', severity: 'fixed', value: shown, fixed: parsed.iso, message: `${label}是 Excel 的日期序号 ${shown}，已读作 ${parsed.iso}，请核对。` });
  } else if (parsed.how !== 'iso' || (typeof raw === 'string' && compactText(raw) !== parsed.iso)) {
    issues.push({ field, code: 'date.format', severity: 'fixed', value: shown, fixed: parsed.iso, message: `${label}“${shown}”已改为规定格式 ${parsed.iso}，请核对。` });
  }
  return { value: parsed.iso, ok: true };
}

// Field groups, hoisted: checkPerson runs once per row of files with tens of thousands of rows.
const TEXT_FIELDS = ['county', 'agency', 'major', 'photo', 'originalAgency'] as const;
/** Certificate numbers: no spaces inside, digits that Excel made a number written back as digits. */
const NUMBER_FIELDS = ['certNo', 'originalCertNo'] as const;
const REQUIRED_TEXT_FIELDS = ['county', 'agency'] as const;
const CODED_FIELDS: ReadonlyArray<readonly [FieldKey & keyof PersonFields, keyof CodeLookups]> = [
  ['ethnicity', 'ethnicity'], ['political', 'political'], ['education', 'education'], ['rankCode', 'rank'], ['examCategory', 'examCategory'],
];
const YES_NO_FIELDS = ['isLawMajor', 'hasLegalQualification'] as const;
const RENEWAL_FIELDS = ['originalCertNo', 'originalAgency'] as const;

const GENDER_WORDS: Record<string, '男' | '女'> = { 男: '男', 女: '女', 男性: '男', 女性: '女', M: '男', F: '女', MALE: '男', FEMALE: '女' };

export function checkPerson(raw: RawRow, ctx: RuleContext): PersonCheck {
  const f = emptyPersonFields();
  const issues: Issue[] = [];
  const { lookups } = ctx;

  // Plain text fields.
  for (const k of TEXT_FIELDS) f[k] = textValue(raw[k]);
  for (const k of NUMBER_FIELDS) f[k] = compactText(textValue(raw[k]));
  for (const k of REQUIRED_TEXT_FIELDS) if (!f[k]) issues.push(requiredIssue(k));

  // Name.
  if (isEmptyCell(raw.name)) issues.push(requiredIssue('name'));
  else {
    const n = checkName(cellText(raw.name!));
    f.name = n.value;
    append(issues, n.issues);
  }

  // ID number: birth date and gender come from it.
  const id = analyzeIdNumber(raw.idNumber, ctx.today);
  f.idNumber = id.value;
  append(issues, id.issues);

  // Gender: may be left empty (the manual says the system derives it); the ID wins.
  const givenGender = !isEmptyCell(raw.gender) ? compactText(cellText(raw.gender!)).toUpperCase() : '';
  if (id.gender) {
    f.gender = id.gender;
    if (givenGender && GENDER_WORDS[givenGender] !== id.gender) {
      issues.push({
        field: 'gender', code: 'gender.mismatch', severity: 'fixed', value: cellText(raw.gender!), fixed: id.gender,
        message: `性别填的是“${cellText(raw.gender!)}”，身份证号表明是“${id.gender}”，已按身份证改为“${id.gender}”。`,
      });
    }
  } else {
    f.gender = GENDER_WORDS[givenGender] ?? givenGender;
  }

  // Birth date: may be derived from the ID when left empty.
  const birth = readDate('birthDate', raw.birthDate, ctx, issues);
  if (!birth.value) {
    if (id.birthDate) {
      f.birthDate = id.birthDate;
      issues.push({ field: 'birthDate', code: 'required', severity: 'fixed', value: '', fixed: id.birthDate, message: `出生日期未填写，已按身份证号填为 ${id.birthDate}。` });
    } else issues.push(requiredIssue('birthDate'));
  } else {
    f.birthDate = birth.value;
    if (id.birthDate && birth.ok && birth.value !== id.birthDate) {
      issues.push({
        field: 'birthDate', code: 'birthdate.mismatch', severity: 'error', value: birth.value,
        message: `出生日期 ${birth.value} 与身份证号中的 ${id.birthDate} 不一致，请核对；以身份证为准时改为 ${id.birthDate}。`,
      });
    }
  }

  // Age on the day of the check, from the ID when it has a date, else from the column.
  const birthForAge = id.birthDate ?? (birth.ok ? birth.value : undefined);
  if (birthForAge) {
    const age = ageOn(birthForAge, ctx.today);
    if (age < AGE_MIN || age > AGE_MAX) {
      issues.push({
        field: 'birthDate', code: 'age.range', severity: 'error', value: birthForAge,
        message: `按出生日期 ${birthForAge} 计算今年 ${age} 岁，不在 ${AGE_MIN}–${AGE_MAX} 岁之间，请核对身份证号和出生日期。`,
      });
    }
  }

  // Code-table fields.
  for (const [k, table] of CODED_FIELDS) {
    if (isEmptyCell(raw[k])) { issues.push(requiredIssue(k)); continue; }
    const r = checkCodeField(k, raw[k]!, lookups[table]);
    f[k] = r.value;
    append(issues, r.issues);
  }
  for (const k of YES_NO_FIELDS) {
    if (isEmptyCell(raw[k])) { issues.push(requiredIssue(k)); continue; }
    const r = checkYesNo(k, raw[k]!, lookups.yesNo);
    f[k] = r.value;
    append(issues, r.issues);
  }
  if (isEmptyCell(raw.posts)) issues.push(requiredIssue('posts'));
  else {
    const r = checkPosts(raw.posts!, lookups.posts);
    f.posts = r.value;
    append(issues, r.issues);
  }

  // Certificate dates and the retirement cap.
  const validFrom = readDate('validFrom', raw.validFrom, ctx, issues);
  const certExpiry = readDate('certExpiry', raw.certExpiry, ctx, issues);
  f.validFrom = validFrom.value;
  f.certExpiry = certExpiry.value;
  // Most applicants have no certificate yet: the retirement rule is only needed when dates are given.
  if (validFrom.ok || certExpiry.ok) {
    const retirement = id.birthDate && id.gender ? retirementDate(retirementCategory(id.gender), id.birthDate) : undefined;
    append(
      issues,
      checkValidity({
        ...(validFrom.ok ? { validFrom: validFrom.value } : {}),
        ...(certExpiry.ok ? { certExpiry: certExpiry.value } : {}),
        ...(retirement ? { retirement } : {}),
      }),
    );
  }

  // Renewal (换证) persons give the original certificate and its issuer.
  if (ctx.kind === 'renewal') {
    for (const k of RENEWAL_FIELDS) {
      if (!f[k]) {
        issues.push({ field: k, code: 'renewal.missing', severity: 'error', value: '', message: `换证人员必须填写${fieldLabel(k)}，请补填。` });
      }
    }
  }
  return { fields: f, issues };
}

/** True when the row holds nothing but (perhaps) a 序号: the template's pre-numbered empty lines. */
export function isBlankRow(raw: RawRow): boolean {
  return Object.values(raw).every((v) => isEmptyCell(v) || (typeof v === 'string' && cleanText(v) === ''));
}
