import { createHash } from 'node:crypto';
import { referenceResponseSchema, type ReferenceResponse } from '../../src-shared/contract/sync-api.js';
import type { CodeTables } from '../../src-shared/rules/code-tables.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import type { Db } from '../store/open-store.js';
import { readSetting, writeSetting } from '../store/settings-repo.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';

/**
 * The reference data the server last sent (code tables, photo spec, rules version), kept in the
 * store so the desktop checks rows exactly as the server will, also offline. Before the first sync
 * the shipped files are used.
 */
const KEY = 'sync.reference';

export interface StoredReference {
  reference: ReferenceResponse;
  /** SHA-256 of the tables and the spec: tells a real change from a new serverTime. */
  digest: string;
  receivedAt: string;
}

export function referenceDigest(r: Pick<ReferenceResponse, 'rulesVersion' | 'codeTables' | 'photoSpec'>): string {
  return createHash('sha256').update(JSON.stringify([r.rulesVersion, r.codeTables, r.photoSpec])).digest('hex');
}

/** The stored reference as written ('' before the first pull): cheap to compare, to notice a change. */
export function storedReferenceText(db: Db): string {
  return readSetting(db, KEY) ?? '';
}

export function storedReference(db: Db): StoredReference | undefined {
  const text = storedReferenceText(db);
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as StoredReference;
    const parsed = referenceResponseSchema.safeParse(v.reference);
    return parsed.success ? { ...v, reference: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

export function saveReference(db: Db, reference: ReferenceResponse, at: Date): StoredReference {
  const stored: StoredReference = { reference, digest: referenceDigest(reference), receivedAt: at.toISOString() };
  writeSetting(db, KEY, JSON.stringify(stored));
  return stored;
}

/** The code tables the rules should use here: the server's, else the shipped ones. */
export function codeTablesFor(db: Db): CodeTables {
  return storedReference(db)?.reference.codeTables ?? loadCodeTables();
}

/** The photo spec: the one named (a command-line choice), else the server's, else the shipped active one. */
export function photoSpecFor(db: Db, name?: string): PhotoSpec {
  if (name?.trim()) return getPhotoSpec(name);
  return storedReference(db)?.reference.photoSpec ?? getPhotoSpec();
}

/**
 * The spec the desktop checks photos against: the server's once it has sent one (the reviewers
 * judge by it), else the clerk's choice in 同步设置, else the shipped active one.
 */
export function photoSpecInForce(db: Db, localChoice: string): { spec: PhotoSpec; fromServer: boolean } {
  const server = storedReference(db)?.reference.photoSpec;
  if (server) return { spec: server, fromServer: true };
  return { spec: localChoice ? getPhotoSpec(localChoice) : getPhotoSpec(), fromServer: false };
}
