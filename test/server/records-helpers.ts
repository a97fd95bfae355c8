import crypto from 'node:crypto';
import { addJurisdiction, addUnit, addUser, type Actor } from '../../src-server/accounts/accounts.js';
import { insertReturningId, run, type Sql } from '../../src-server/db/sql.js';
import { idCheckChar } from '../../src-shared/rules/id-number.js';

/**
 * Seeding for the record-import tests: units with a clerk, and persons in a given review status,
 * written straight into the tables of migration 0003 (with a batch, a photo blob row and a version,
 * as the foreign keys demand), so the import can be tested without the batch and review routes.
 */

const actor: Actor = { userId: null, name: 'test', now: () => new Date() };

/** A valid 18-digit ID number: 6-digit region, birth date, 3-digit sequence, check character. */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** The first valid ID number from `seq` on whose check character is X. */
export function makeIdNumberEndingX(region: string, birth: string, from = 1): string {
  for (let seq = from; seq < 1000; seq++) {
    const id = makeIdNumber(region, birth, seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X check character found');
}

export interface SeededUnit {
  unitId: number;
  unitName: string;
  userId: number;
}

let counter = 0;

/** A city bureau, a unit under it and the unit's clerk. */
export async function seedUnit(db: Sql, unitName: string): Promise<SeededUnit> {
  counter += 1;
  const city = await addJurisdiction(db, { name: `测试市司法局${counter}`, level: 'city', parentId: null }, actor);
  const unit = await addUnit(db, { name: unitName, jurisdictionId: city.id }, actor);
  const { user } = await addUser(db, { username: `clerk${counter}_${crypto.randomBytes(3).toString('hex')}`, role: 'unit', unitId: unit.id, jurisdictionId: null, reviewLevel: null }, actor);
  return { unitId: unit.id, unitName: unit.name, userId: user.id };
}

const PHOTO_SHA = 'a'.repeat(64);

/**
 * One person in a batch of `unit`, in `status` (approved and rejected need no pending reviewer),
 * last updated at `updatedAt`. Returns the persons.id.
 */
export async function seedPerson(
  db: Sql,
  unit: SeededUnit,
  p: { idNumber: string; name: string; status?: 'approved' | 'rejected'; updatedAt?: string },
): Promise<number> {
  const at = p.updatedAt ?? '2026-01-10T08:00:00.000Z';
  await run(db, `INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, 1024, 'image/jpeg', ?) ON CONFLICT DO NOTHING`, [PHOTO_SHA, at]);
  const batchId = crypto.randomUUID();
  await run(
    db,
    `INSERT INTO batches (id, unit_id, kind, name, number, created_at, rules_version, submitted_by, received_at, updated_at)
     VALUES (?, ?, 'new', '测试批次', ?, ?, '1', ?, ?, ?)`,
    [batchId, unit.unitId, `PC${++counter}`, at, unit.userId, at, at],
  );
  const personId = await insertReturningId(
    db,
    `INSERT INTO persons (batch_id, unit_id, person_key, kind, version, id_number, name, status, pending_jurisdiction_id, pending_level, updated_at)
     VALUES (?, ?, ?, 'new', 1, ?, ?, ?, NULL, NULL, ?) RETURNING id`,
    [batchId, unit.unitId, `p${counter}`, p.idNumber, p.name, p.status ?? 'approved', at],
  );
  await run(
    db,
    `INSERT INTO person_versions (person_id, version, fields_json, photo_sha256, photo_file_name, content_sha256, issues_json, submitted_by, submitted_at)
     VALUES (?, 1, ?, ?, 'photo.jpg', ?, '[]', ?, ?)`,
    [personId, JSON.stringify({ idNumber: p.idNumber, name: p.name }), PHOTO_SHA, crypto.randomBytes(32).toString('hex'), unit.userId, at],
  );
  return personId;
}
