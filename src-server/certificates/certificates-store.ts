import { z } from 'zod';
import { cachedStatement, checkedRow, checkedRows, jsonColumn } from '../../src-node/sqlite-store.js';
import { personFieldsSchema } from '../../src-shared/domain/person.js';
import type { Db } from '../db/open-db.js';

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
export function findBatchPerson(db: Db, batchId: string, personKey: string): UploadPerson | undefined {
  return checkedRow(
    uploadPersonRow,
    cachedStatement(
      db,
      `SELECT p.id AS personId, p.unit_id AS unitId, p.status, p.id_number AS idNumber, p.name, b.exam_id AS examId, v.fields_json AS fields
       FROM persons p JOIN batches b ON b.id = p.batch_id JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
       WHERE p.batch_id = ? AND p.person_key = ?`,
    ).get(batchId, personKey),
  );
}

const examRow = z.object({ id: z.number().int(), name: z.string(), resultsAnnouncedOn: z.string().nullable() });

export function examAnnouncement(db: Db, examId: number): z.infer<typeof examRow> | undefined {
  return checkedRow(examRow, cachedStatement(db, 'SELECT id, name, results_announced_on AS resultsAnnouncedOn FROM exams WHERE id = ?').get(examId));
}

/** The 是否通过 texts of the person's imported scores (the person's own, or their ID number's in their unit). */
export function scorePassedTexts(db: Db, p: { personId: number; idNumber: string; unitId: number }): string[] {
  const rows = cachedStatement(db, 'SELECT score_json FROM exam_scores WHERE person_id = ? OR (id_number = ? AND unit_id = ?) LIMIT 50')
    .pluck()
    .all(p.personId, p.idNumber, p.unitId);
  return rows.map((json) => {
    try {
      const v = JSON.parse(String(json)) as { passed?: unknown };
      return typeof v.passed === 'string' ? v.passed : '';
    } catch {
      return '';
    }
  });
}

const certRow = z.object({ personId: z.number().int(), certNo: z.string(), validFrom: z.string(), validTo: z.string(), uploadedAt: z.string() });
export type CertRow = z.infer<typeof certRow>;

export function certificateOfPerson(db: Db, personId: number): CertRow | undefined {
  return checkedRow(
    certRow,
    cachedStatement(db, 'SELECT person_id AS personId, cert_no AS certNo, valid_from AS validFrom, valid_to AS validTo, uploaded_at AS uploadedAt FROM certificates WHERE person_id = ?').get(personId),
  );
}

/** Who holds a number (any unit): only the person id, so nothing of another unit's person leaves here. */
export function holderOfNumber(db: Db, certNo: string): number | undefined {
  return checkedRow(z.number().int(), cachedStatement(db, 'SELECT person_id FROM certificates WHERE cert_no = ?').pluck().get(certNo));
}

export function insertCertificate(
  db: Db,
  c: { personId: number; unitId: number; examId: number; certNo: string; validFrom: string; validTo: string; by: number; at: string },
): void {
  cachedStatement(
    db,
    'INSERT INTO certificates (person_id, unit_id, exam_id, cert_no, valid_from, valid_to, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(c.personId, c.unitId, c.examId, c.certNo, c.validFrom, c.validTo, c.by, c.at);
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
export function certificatesOfExam(db: Db, examId: number, limit: number): CertificateExportRow[] {
  return checkedRows(
    exportRow,
    db
      .prepare(
        `SELECT u.name AS unitName, j.name AS jurisdictionName, b.number AS batchNumber, c.cert_no AS certNo, c.valid_from AS validFrom,
                c.valid_to AS validTo, c.uploaded_at AS uploadedAt, v.fields_json AS fields
         FROM certificates c JOIN persons p ON p.id = c.person_id JOIN batches b ON b.id = p.batch_id
         JOIN person_versions v ON v.person_id = p.id AND v.version = p.version
         JOIN units u ON u.id = c.unit_id JOIN jurisdictions j ON j.id = u.jurisdiction_id
         WHERE c.exam_id = ? ORDER BY u.name, c.cert_no LIMIT ?`,
      )
      .all(examId, limit),
  );
}

export function countCertificatesOfExam(db: Db, examId: number): number {
  return checkedRow(z.number(), cachedStatement(db, 'SELECT count(*) FROM certificates WHERE exam_id = ?').pluck().get(examId)) ?? 0;
}
