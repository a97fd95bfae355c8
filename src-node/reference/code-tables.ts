import fs from 'node:fs';
import path from 'node:path';
import { codeTablesSchema, type CodeTables } from '../../src-shared/rules/code-tables.js';
import { resourcesDir } from './resources-dir.js';

/** The file of each table under resources/code-tables/. */
const FILES: Record<keyof CodeTables, string> = {
  ethnicity: 'ethnicity.json',
  political: 'political.json',
  education: 'education.json',
  rank: 'rank.json',
  posts: 'posts.json',
  examCategory: 'exam-category.json',
  yesNo: 'yes-no.json',
};

/** Reads and validates the shipped code tables; a broken data file fails loudly at start, not per row. */
export function loadCodeTables(dir = path.join(resourcesDir(), 'code-tables')): CodeTables {
  const raw: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(FILES)) {
    raw[key] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  return codeTablesSchema.parse(raw);
}
