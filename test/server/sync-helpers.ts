import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import sharp from 'sharp';
import type { BatchPerson, BatchPutRequest } from '../../src-shared/contract/sync-api.js';
import type { RawRow } from '../../src-shared/domain/person.js';
import { buildLookups } from '../../src-shared/rules/code-tables.js';
import { checkPerson } from '../../src-shared/rules/person.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { validRow, type RowInput } from '../helpers/template-workbook.js';
import { call, type Answer } from './server-helpers.js';

/** What the desktop's sync client will do, written plainly for the server's tests. */

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

const lookups = buildLookups(loadCodeTables());

/** A person in normal form, as the desktop sends it: the template row through the shared rules. */
export function personFields(overrides: RowInput = {}): BatchPerson['fields'] {
  const { fields, issues } = checkPerson(validRow(overrides) as RawRow, { lookups, today: '2026-11-23', kind: 'new' });
  expect(issues.filter((i) => i.severity === 'error'), JSON.stringify(issues)).toEqual([]);
  return fields;
}

let photoSeed = 0;
/**
 * A distinct photo (each call differs, so each has its own SHA-256) in the pixel size of a spec:
 * JPEG 90×120 for Guangxi, PNG 402×461 for Fujian.
 */
export async function photoBytes(format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  photoSeed++;
  const [width, height] = format === 'png' ? [402, 461] : [90, 120];
  const img = sharp({ create: { width, height, channels: 3, background: { r: 216, g: photoSeed % 256, b: Math.floor(photoSeed / 256) % 256 } } });
  return (format === 'png' ? img.png() : img.jpeg()).toBuffer();
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function uploadBlob(url: string, token: string, bytes: Uint8Array): Promise<string> {
  const name = sha256(bytes);
  const res = await call(url, 'PUT', `/api/v1/blobs/${name}`, { token, raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
  expect([200, 201], res.text).toContain(res.status);
  return name;
}

export interface DraftPerson {
  person: BatchPerson;
  photo: Buffer;
}

/** `n` valid people, each with a photo (not yet uploaded). */
export async function draftPersons(n: number, overrides: (i: number) => RowInput = () => ({}), format: 'jpeg' | 'png' = 'jpeg'): Promise<DraftPerson[]> {
  const out: DraftPerson[] = [];
  for (let i = 0; i < n; i++) {
    const photo = await photoBytes(format);
    const fields = personFields(overrides(i));
    const ext = format === 'png' ? 'png' : 'jpg';
    out.push({ photo, person: { key: `p${i + 1}`, fields, photo: { sha256: sha256(photo), fileName: `${fields.idNumber}.${ext}` } } });
  }
  return out;
}

export function batchBody(persons: readonly BatchPerson[], evidence: BatchPutRequest['evidence'] = [], name = '行政执法人员2026-11-2301批次'): BatchPutRequest {
  return { kind: 'new', name, number: `XZZF${name.replace(/\D/g, '').slice(0, 12)}`, createdAt: '2026-11-23T09:00:00+08:00', rulesVersion: RULES_VERSION, persons: [...persons], evidence };
}

export function newBatchId(): string {
  return randomUUID();
}

export const putBatch = (url: string, token: string, id: string, body: unknown): Promise<Answer> => call(url, 'PUT', `/api/v1/batches/${id}`, { token, body });

/** Uploads every photo, then sends the batch; expects it to be created. */
export async function submitNewBatch(url: string, token: string, drafts: readonly DraftPerson[], evidence: Array<{ bytes: Buffer; kind: BatchPutRequest['evidence'][number]['kind']; fileName: string }> = []): Promise<{ id: string; answer: Answer; body: BatchPutRequest }> {
  for (const d of drafts) await uploadBlob(url, token, d.photo);
  const ev: BatchPutRequest['evidence'] = [];
  for (const e of evidence) ev.push({ sha256: await uploadBlob(url, token, e.bytes), kind: e.kind, fileName: e.fileName });
  const id = newBatchId();
  const body = batchBody(drafts.map((d) => d.person), ev);
  const answer = await putBatch(url, token, id, body);
  expect(answer.status, answer.text).toBe(201);
  return { id, answer, body };
}
