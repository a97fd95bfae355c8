import { buildLookups, type CodeLookups, type CodeTables } from '../../src-shared/rules/code-tables.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';
import { loadCodeTables } from '../../src-node/reference/code-tables.js';
import { getPhotoSpec, PhotoSpecError } from '../../src-node/reference/photo-specs.js';
import { ConfigError, type ServerConfig } from '../config.js';

/**
 * What the rules run with on this server: the shipped code tables, the photo spec in force and the
 * rules version. Loaded once at start (a broken data file stops the server there, not at the first
 * batch) and sent down to desktops by GET /reference.
 */
export interface ReferenceData {
  rulesVersion: string;
  codeTables: CodeTables;
  lookups: CodeLookups;
  photoSpec: PhotoSpec;
}

export function loadReferenceData(config: Pick<ServerConfig, 'photoSpec'>): ReferenceData {
  const codeTables = loadCodeTables();
  let photoSpec: PhotoSpec;
  try {
    photoSpec = getPhotoSpec(config.photoSpec || undefined);
  } catch (e) {
    if (e instanceof PhotoSpecError) throw new ConfigError(`照片规格（PHOTO_SPEC / --photo-spec）：${e.message.replace(/如 --photo-spec/, '如 PHOTO_SPEC=')}`);
    throw e;
  }
  return { rulesVersion: RULES_VERSION, codeTables, lookups: buildLookups(codeTables), photoSpec };
}
