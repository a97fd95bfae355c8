import type { PersonFields } from '../../src-shared/domain/person.js';
import type { Sql } from '../db/sql.js';
import { generatePassword } from '../auth/password.js';
import { insertStudyAccount, studyUsernameTaken } from './study-accounts-store.js';
import { appendChange } from '../feed/changes-store.js';

/**
 * The study account made at final approval (the Guangxi slides: 中文姓名 + 出生年月日 8 位). A clash
 * — two people with the same name born on the same day — gets a suffix: 张三19900101, 张三199001012, …
 * The initial password is random and must be changed at first login; the unit receives it through
 * the change feed to hand over.
 */
export interface StudyAccount {
  username: string;
  initialPassword: string;
}

export function studyUsernameBase(fields: Pick<PersonFields, 'name' | 'birthDate' | 'idNumber'>): string {
  const fromDate = fields.birthDate.replace(/-/g, '');
  const birth = /^\d{8}$/.test(fromDate) ? fromDate : fields.idNumber.length === 18 ? fields.idNumber.slice(6, 14) : '';
  return `${fields.name.replace(/\s+/g, '')}${birth}`;
}

/** Call inside the approval's transaction (`db` is it): the UNIQUE username is then decided race-free. */
export async function createStudyAccount(db: Sql, args: { personId: number; unitId: number; fields: PersonFields; at: string }): Promise<StudyAccount> {
  const base = studyUsernameBase(args.fields);
  let username = base;
  for (let n = 2; await studyUsernameTaken(db, username); n++) username = `${base}${n}`;
  const initialPassword = generatePassword(10);
  await insertStudyAccount(db, { personId: args.personId, unitId: args.unitId, idNumber: args.fields.idNumber, username, initialPassword, at: args.at });
  return { username, initialPassword };
}

/**
 * Makes the person's study account and tells the unit through the feed (a study_account change).
 * Call inside the transaction of what allowed it (`db` is that transaction): the final approval, or
 * 已交费 where fees are on.
 */
export async function openStudyAccount(
  db: Sql,
  p: { personId: number; unitId: number; batchId: string; key: string; fields: PersonFields },
  now: Date,
): Promise<StudyAccount> {
  const at = now.toISOString();
  const account = await createStudyAccount(db, { personId: p.personId, unitId: p.unitId, fields: p.fields, at });
  await appendChange(
    db, p.unitId,
    { type: 'study_account', batchId: p.batchId, personKey: p.key, idNumber: p.fields.idNumber, name: p.fields.name, username: account.username, initialPassword: account.initialPassword, createdAt: at },
    now,
  );
  return account;
}
