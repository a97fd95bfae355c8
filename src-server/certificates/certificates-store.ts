import { z } from 'zod';
import { jsonColumn } from '../../src-node/sqlite-store.js';
import { personFieldsSchema } from '../../src-shared/domain/person.js';
import { all, column, get, run, value, type Sql } from '../db/sql.js';

/**
 * The certificates table (migration 0014) and what an upload checks against: the person as the unit's
 * batch named them (with their current version's fields), their exam's 公告 date and their scores.
 */

const uploadPersonRow = z.object({
  personId: z.number().int(),
  unitId: z.number().int(),
  status: z.string(),
  idNumber: z.string(),
  name: z.string(),
  examId: z.number().int().nullable(),
  fields: jsonColumn(personFieldsSchema),
});
export type UploadPerson = z.infer<typeof uploadPersonRow>;

/** The person a batch push named (batch UUID + the desktop's key), whatever their unit (the caller checks). */
export async function findBatchPerson(db: Sql, batchId: string, personKey: string): Promise<UploadPerson | undefined> {
  return get(
    db,
    uploadPersonRow,
      `SELECT p.id AS "personId", p.unit_id AS "unitId", p.status, p.id_number AS "idNumber", p.name, b.exam_id AS "examId", v.fields_json AS fields
       FROM persons p JOIN batches b ON b.id = p.batch_id JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
       WHERE p.batch_id = ? AND p.person_key = ?`,
    [batchId, personKey],
  );
}

const examRow = z.object({ id: z.number().int(), name: z.string(), resultsAnnouncedOn: z.string().nullable() });

export async function examAnnouncement(db: Sql, examId: number): Promise<z.infer<typeof examRow> | undefined> {
  return get(db, examRow, 'SELECT id, name, results_announced_on AS "resultsAnnouncedOn" FROM exams WHERE id = ?', [examId]);
}

/** The 是否通过 texts of the person's imported scores (the person's own, or their ID number's in their unit). */
export async function scorePassedTexts(db: Sql, p: { personId: number; idNumber: string; unitId: number }): Promise<string[]> {
  const rows = await column(db, z.string(), 'SELECT score_json FROM exam_scores WHERE person_id = ? OR (id_number = ? AND unit_id = ?) ORDER BY id LIMIT 50', [
    p.personId,
    p.idNumber,
    p.unitId,
  ]);
  return rows.map((json) => {
    try {
      const v = JSON.parse(json) as { passed?: unknown };
      return typeof v.passed === 'string' ? v.passed : '';
    } catch {
      return '';
    }
  });
}

const certRow = z.object({ personId: z.number().int(), certNo: z.string(), validFrom: z.string(), validTo: z.string(), uploadedAt: z.string() });
export type CertRow = z.infer<typeof certRow>;

export async function certificateOfPerson(db: Sql, personId: number): Promise<CertRow | undefined> {
  return get(
    db,
    certRow,
    'SELECT person_id AS "personId", cert_no AS "certNo", valid_from AS "validFrom", valid_to AS "validTo", uploaded_at AS "uploadedAt" FROM certificates WHERE person_id = ?',
    [personId],
  );
}

/** Who holds a number (any unit): only the person id, so nothing of another unit's person leaves here. */
export async function holderOfNumber(db: Sql, certNo: string): Promise<number | undefined> {
  return value(db, z.number().int(), 'SELECT person_id FROM certificates WHERE cert_no = ?', [certNo]);
}

export async function insertCertificate(
  db: Sql,
  c: { personId: number; unitId: number; examId: number; certNo: string; validFrom: string; validTo: string; by: number; at: string },
): Promise<void> {
  await run(
    db,
    'INSERT INTO certificates (person_id, unit_id, exam_id, cert_no, valid_from, valid_to, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [c.personId, c.unitId, c.examId, c.certNo, c.validFrom, c.validTo, c.by, c.at],
  );
}

const exportRow = z.object({
  unitName: z.string(),
  jurisdictionName: z.string(),
  batchNumber: z.string(),
  certNo: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  uploadedAt: z.string(),
  fields: jsonColumn(personFieldsSchema),
});
export type CertificateExportRow = z.infer<typeof exportRow>;

/** The 取证名单 of one exam: by unit, then number; at most `limit` rows. */
export async function certificatesOfExam(db: Sql, examId: number, limit: number): Promise<CertificateExportRow[]> {
  return all(
    db,
    exportRow,
    `SELECT u.name AS "unitName", j.name AS "jurisdictionName", b.number AS "batchNumber", c.cert_no AS "certNo", c.valid_from AS "validFrom",
            c.valid_to AS "validTo", c.uploaded_at AS "uploadedAt", v.fields_json AS fields
     FROM certificates c JOIN persons p ON p.id = c.person_id JOIN batches b ON b.id = p.batch_id
     JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
     JOIN units u ON u.id = c.unit_id JOIN jurisdictions j ON j.id = u.jurisdiction_id
     WHERE c.exam_id = ? ORDER BY u.name, c.cert_no LIMIT ?`,
    [examId, limit],
  );
}

export async function countCertificatesOfExam(db: Sql, examId: number): Promise<number> {
  return (await value(db, z.number(), 'SELECT count(*) FROM certificates WHERE exam_id = ?', [examId])) ?? 0;
}
