import type { FieldKey, PersonFields } from '../../src-shared/domain/person.js';
import { FIELD_KEYS } from '../../src-shared/domain/person.js';

/** Field key -> column of the persons table. One place, so SQL and objects never drift apart. */
export const FIELD_COLUMN: Record<FieldKey, string> = {
  county: 'county',
  name: 'name',
  photo: 'photo',
  agency: 'agency',
  certNo: 'cert_no',
  certExpiry: 'cert_expiry',
  idNumber: 'id_number',
  gender: 'gender',
  ethnicity: 'ethnicity',
  birthDate: 'birth_date',
  political: 'political',
  validFrom: 'valid_from',
  education: 'education',
  major: 'major',
  rankCode: 'rank_code',
  isLawMajor: 'is_law_major',
  hasLegalQualification: 'has_legal_qualification',
  posts: 'posts',
  examCategory: 'exam_category',
  originalCertNo: 'original_cert_no',
  originalAgency: 'original_agency',
};

export const FIELD_COLUMNS_SQL = FIELD_KEYS.map((k) => FIELD_COLUMN[k]).join(', ');

export function fieldsFromRow(row: Record<string, unknown>): PersonFields {
  const out = {} as Record<FieldKey, string>;
  for (const k of FIELD_KEYS) out[k] = String(row[FIELD_COLUMN[k]] ?? '');
  return out;
}

export function fieldValues(fields: PersonFields): string[] {
  return FIELD_KEYS.map((k) => fields[k]);
}
