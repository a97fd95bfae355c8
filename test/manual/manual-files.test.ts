import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderManual } from '../../src-web/manual/manual-markdown.js';
import { MANUAL_FILES, MANUAL_SECTIONS, type ManualName } from '../../src-web/manual/manual-sections.js';
import { checkManual } from './manual-check.js';

/**
 * The three 使用说明 against their pictures and the ids the screens open them at: a picture the text
 * names must exist in docs/manual/images (npm run manual:shots makes them), every id of
 * manual-sections.ts must be a heading, and no picture lies there unused.
 */
const DIR = path.resolve('docs/manual');
const NAMES = Object.keys(MANUAL_FILES) as ManualName[];
const read = (name: ManualName) => fs.readFileSync(path.join(DIR, MANUAL_FILES[name]), 'utf8');

describe.each(NAMES)('docs/manual/%s', (name) => {
  it('renders, with its title and the ids the screens open it at', () => {
    const manual = renderManual(read(name));
    expect(manual.title).toMatch(/使用说明$/);
    expect(checkManual(read(name), DIR, MANUAL_SECTIONS[name]).missingSections).toEqual([]);
    // Ids are unique: a screen's link lands on one heading.
    const ids = manual.sections.map((s) => s.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('names only pictures that exist in docs/manual/images, as images/<name>.png', () => {
    const problems = checkManual(read(name), DIR, MANUAL_SECTIONS[name]);
    expect(problems.images.length).toBeGreaterThan(0);
    expect(problems.badImageNames).toEqual([]);
    expect(problems.missingImages, 'npm run manual:shots makes the pictures').toEqual([]);
  });

  it('has no raw HTML (the app renders with HTML off, so it would show as text)', () => {
    const lines = read(name).split('\n');
    let fenced = false;
    const html = lines.filter((line) => {
      if (line.startsWith('```')) fenced = !fenced;
      return !fenced && /<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i.test(line.replace(/`[^`]*`/g, ''));
    });
    expect(html).toEqual([]);
  });
});

describe('the checker', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zfbm-manual-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('fails a manual that names a missing picture, a badly named one or lacks a required id', () => {
    fs.mkdirSync(path.join(tmp, 'images'));
    fs.writeFileSync(path.join(tmp, 'images', 'there.png'), Buffer.from('89504e47', 'hex'));
    const md = ['# 试用说明', '', '## 有的 {#here}', '', '![有](images/there.png)', '', '![没有](images/gone.png)', '', '![名字不对](images/Gone_Too.PNG)'].join('\n');
    const problems = checkManual(md, tmp, ['here', 'elsewhere']);
    expect(problems.missingImages).toEqual(['images/gone.png']);
    expect(problems.badImageNames).toEqual(['images/Gone_Too.PNG']);
    expect(problems.missingSections).toEqual(['elsewhere']);
  });

  it('passes the same manual once the picture is there and the heading written', () => {
    fs.writeFileSync(path.join(tmp, 'images', 'gone.png'), Buffer.from('89504e47', 'hex'));
    const md = ['# 试用说明', '', '## 有的 {#here}', '', '## 别处 {#elsewhere}', '', '![有](images/there.png)', '', '![没有](images/gone.png)'].join('\n');
    expect(checkManual(md, tmp, ['here', 'elsewhere'])).toMatchObject({ missingImages: [], badImageNames: [], missingSections: [] });
  });
});

it('docs/manual/images holds only pictures a manual names', () => {
  const used = new Set(NAMES.flatMap((name) => checkManual(read(name), DIR, []).images).map((src) => path.basename(src)));
  const files = fs.readdirSync(path.join(DIR, 'images'));
  expect(files.filter((f) => !used.has(f)), 'drop the picture from test/manual-shots, or use it in a manual').toEqual([]);
});
