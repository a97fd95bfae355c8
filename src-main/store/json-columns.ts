import { z } from 'zod';
import { issueSchema } from '../../src-shared/domain/issue.js';
import { rawRowSchema } from '../../src-shared/domain/person.js';
import { jsonColumn } from '../../src-node/sqlite-store.js';

/**
 * The desktop store's JSON text columns, parsed and checked where they leave SQLite (issues_json of a
 * person or a photo, raw_json of a person): a stored value that no longer fits fails here, by name.
 */
export const issuesColumn = jsonColumn(z.array(issueSchema));
export const rawRowColumn = jsonColumn(rawRowSchema);
