import { describe, expect, it } from 'vitest';
import { fieldRows } from '../../../src-console/review/field-rows.js';
import { REJECTION_REASONS } from '../../../src-console/review/rejection-reasons.js';
import { REVIEW_COMMENT_MAX } from '../../../src-shared/contract/sync-api.js';
import { emptyPersonFields } from '../../../src-shared/domain/person.js';
import { templateColumns } from '../../../src-shared/template.js';
import { loadCodeTables } from '../../../src-node/reference/code-tables.js';

/** What the reviewer reads in the person drawer, and the reasons offered on keys 1–9. */
describe('the console person view', () => {
  const tables = loadCodeTables();

  it('shows every template column but the photo, in the template order and words', () => {
    const rows = fieldRows('new', emptyPersonFields(), tables);
    const expected = templateColumns('new').filter((c) => c.key !== 'photo');
    expect(rows.map((r) => r.label)).toEqual(expected.map((c) => c.header));
    expect(fieldRows('renewal', emptyPersonFields(), tables).length).toBe(templateColumns('renewal').length - 1);
  });

  it('names the codes behind code cells, each of several codes, and leaves unknown codes as they are', () => {
    const fields = { ...emptyPersonFields(), political: '01', posts: '01,02', rankCode: '999999' };
    const byKey = Object.fromEntries(fieldRows('new', fields, tables).map((r) => [r.key, r]));
    expect(byKey.political).toMatchObject({ value: '01', meaning: tables.political.entries.find((e) => e.code === '01')!.name });
    const posts = ['01', '02'].map((c) => tables.posts.entries.find((e) => e.code === c)!.name);
    expect(byKey.posts!.meaning).toBe(posts.join('、'));
    expect(byKey.rankCode!.meaning).toBeUndefined();
    // Without the tables (the reference not loaded yet) the codes still show.
    expect(fieldRows('new', fields, undefined).find((r) => r.key === 'political')).toEqual({ key: 'political', label: '政治面貌', value: '01' });
  });

  it('offers at most nine reasons (keys 1–9), all of which fit one comment together', () => {
    expect(REJECTION_REASONS.length).toBeGreaterThan(0);
    expect(REJECTION_REASONS.length).toBeLessThanOrEqual(9);
    expect(REJECTION_REASONS.join('\n').length).toBeLessThanOrEqual(REVIEW_COMMENT_MAX);
    for (const r of REJECTION_REASONS) expect(r).toMatch(/：.*请/); // what is wrong, then what to do
  });
});
