import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectPhoto } from '../../src-main/photos/inspect-photo.js';
import { getPhotoSpec } from '../../src-node/reference/photo-specs.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { PHONE_EXIF, TRANSPARENT, WHITE, jpegPortrait, pngPortrait, portrait, rotatedPhonePhoto } from '../helpers/photos.js';

/** `photos fix <dir> --photo-spec <name> --out <dir>`, driven as a child process. */
const root = tempDir('zfbm-photos-cli-');
const input = path.join(root, 'in');
const guangxi = getPhotoSpec('guangxi');

const GOOD = '张三 440308199901101512.jpg';
const NEWLINE = 'line\nbreak.jpg';

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) out[e.name] = `link:${fs.readlinkSync(p)}`;
    else if (e.isDirectory()) for (const [k, v] of Object.entries(hashTree(p))) out[`${e.name}/${k}`] = v;
    else out[e.name] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}

function expectCleanFailure(r: { code: number; stdout: string; stderr: string }, mustMention: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\s+at\s+\S+\s+\(|Error:/);
  expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(r.stderr).toMatch(mustMention);
}

let before: Record<string, string>;
let parentBefore: string[];

beforeAll(async () => {
  fs.mkdirSync(input);
  const w = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(input, name), bytes);
  w(GOOD, await jpegPortrait(90, 120, { noise: 6 }));
  w('phone photo 2.jpg', await (await portrait(1500, 2000, { noise: 10 })).jpeg({ quality: 95 }).withExif(PHONE_EXIF).toBuffer());
  w('IMG_sideways.jpg', await rotatedPhonePhoto(900, 1200, { noise: 6 }));
  w('renamed.jpg', await pngPortrait(180, 240));
  w('white background.jpg', await jpegPortrait(900, 1200, { background: WHITE }));
  const good = await jpegPortrait(900, 1200, { noise: 10 });
  w('broken.jpg', good.subarray(0, Math.floor(good.length * 0.5)));
  w('notes.txt', Buffer.from('照片说明'));
  w('--out.jpg', await jpegPortrait(180, 240));
  w(NEWLINE, await jpegPortrait(180, 240));
  // a.jpg and a.png both become a.jpg: the first by name wins, the other is not written over it.
  w('a.jpg', await jpegPortrait(90, 120));
  w('a.png', await pngPortrait(90, 120, { background: TRANSPARENT }));
  fs.mkdirSync(path.join(input, 'sub.jpg'));
  fs.writeFileSync(path.join(input, 'sub.jpg', 'inner.jpg'), await jpegPortrait(180, 240));
  // ../x.jpg: a photo outside the folder, reachable only through a link; it must not be read.
  fs.writeFileSync(path.join(root, 'x.jpg'), await jpegPortrait(180, 240));
  fs.symlinkSync('../x.jpg', path.join(input, 'link.jpg'));
  before = hashTree(input);
  parentBefore = fs.readdirSync(root).sort();
}, 120_000);

describe('photos fix', () => {
  const out = path.join(root, 'out 修正后');

  it('writes fixed copies, reports every file in Chinese, and leaves the originals alone', async () => {
    const r = await runCli(['photos', 'fix', input, '--photo-spec', 'guangxi', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // Originals byte for byte, the link still a link, nothing new beside the input folder.
    expect(hashTree(input)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual([...parentBefore, path.basename(out)].sort());

    const written = fs.readdirSync(out).sort();
    expect(written).toEqual(['--out.jpg', 'IMG_sideways.jpg', 'a.jpg', NEWLINE, 'phone photo 2.jpg', 'renamed.jpg', 'white background.jpg', GOOD].sort());
    for (const name of written) {
      const bytes = fs.readFileSync(path.join(out, name));
      const insp = await inspectPhoto({ bytes, fileName: name }, guangxi);
      const expected = name === 'white background.jpg' ? ['photo.background'] : [];
      expect(insp.issues.map((i) => i.code), name).toEqual(expected);
    }
    // The good photo is copied as it was.
    expect(fs.readFileSync(path.join(out, GOOD)).equals(fs.readFileSync(path.join(input, GOOD)))).toBe(true);

    const text = r.stdout;
    expect(text).toContain(`✔ ${GOOD}\n    照片的格式、尺寸、文件大小和分辨率已符合要求，未作改动`);
    expect(text).toMatch(/✔ phone photo 2\.jpg\n {4}已把 1500×2000 像素的照片缩放为 90×120 像素/);
    expect(text).toMatch(/GPS 位置/);
    expect(text).toMatch(/✔ IMG_sideways\.jpg\n {4}已按照片记录的拍摄方向把照片转正/);
    expect(text).toMatch(/✔ renamed\.jpg\n(.*\n)*? {4}已把 PNG 格式转换为 JPG 格式/);
    expect(text).toMatch(/⚠ white background\.jpg（已保存，但仍有问题需要处理）\n(.*\n)*? {4}仍需处理：照片背景为白色.*应为红色背景/);
    expect(text).toMatch(/✘ broken\.jpg：未能修正，已跳过\n {4}照片文件已损坏或不完整/);
    expect(text).toMatch(/✘ notes\.txt：未能修正，已跳过\n {4}无法识别这个文件的格式/);
    expect(text).toMatch(/✘ a\.png：输出文件夹中已有“a\.jpg”，没有覆盖/);
    expect(text).toMatch(/✘ link\.jpg：不是普通文件（文件夹或快捷方式），已跳过/);
    expect(text).toMatch(/✘ sub\.jpg：不是普通文件/);
    // A newline in a name cannot break the report into a fake line.
    expect(text).toContain('✔ line?break.jpg');
    expect(text).toMatch(/共 13 个文件：8 个已按“广西.*”修正并保存到“.*out 修正后”，其中 1 个仍有无法自动修正的问题（标 ⚠），5 个未能修正或无法读取，已跳过（标 ✘）。\n请按上面每张照片的说明处理/);
    expect(text).toMatch(/原始照片没有被改动/);
  });

  it('never overwrites: a second run into the same folder writes nothing and says why', async () => {
    const outBefore = hashTree(out);
    const r = await runCli(['photos', 'fix', input, '--photo-spec', 'guangxi', '--out', out]);
    expect(r.code).toBe(0);
    expect(hashTree(out)).toEqual(outBefore);
    expect(hashTree(input)).toEqual(before);
    expect(r.stdout).toMatch(/✘ phone photo 2\.jpg：输出文件夹中已有“phone photo 2\.jpg”，没有覆盖；请换一个空文件夹/);
    expect(r.stdout).toMatch(/共 13 个文件：0 个已按/);
  });

  it('--json: one document with every file, its output, actions and what is left', async () => {
    const jsonOut = path.join(root, 'json-out');
    const r = await runCli(['photos', 'fix', input, '--photo-spec', 'guangxi', '--out', jsonOut, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      spec: string;
      files: Array<{ file: string; output: string | null; changed: boolean; actions: string[]; unfixable: Array<{ code: string }>; skipped?: string }>;
      summary: { files: number; saved: number; withProblems: number; failed: number };
    };
    expect(doc.spec).toBe('guangxi');
    expect(doc.summary).toEqual({ files: 13, saved: 8, withProblems: 1, failed: 5 });
    const byName = new Map(doc.files.map((f) => [f.file, f]));
    expect(byName.get('renamed.jpg')).toMatchObject({ output: 'renamed.jpg', changed: true, unfixable: [] });
    expect(byName.get(GOOD)).toMatchObject({ output: GOOD, changed: false });
    expect(byName.get('broken.jpg')).toMatchObject({ output: null, unfixable: [expect.objectContaining({ code: 'photo.format' })] });
    expect(byName.get('white background.jpg')!.unfixable.map((i) => i.code)).toEqual(['photo.background']);
    expect(byName.get(NEWLINE)).toMatchObject({ output: NEWLINE });
    expect(byName.get('link.jpg')).toMatchObject({ output: null });
    expect(byName.has('x.jpg')).toBe(false);
    expect(fs.existsSync(path.join(jsonOut, 'x.jpg'))).toBe(false);
  });

  it('fujian: fixed copies are PNG files named .png', async () => {
    const fjIn = path.join(root, 'fj-in');
    const fjOut = path.join(root, 'fj-out');
    fs.mkdirSync(fjIn);
    fs.writeFileSync(path.join(fjIn, '440308199901101512.png'), await pngPortrait(900, 1100, { background: TRANSPARENT }));
    fs.writeFileSync(path.join(fjIn, '440308199901101513.jpg'), await jpegPortrait(900, 1100));
    const r = await runCli(['photos', 'fix', fjIn, '--photo-spec', 'fujian', '--out', fjOut]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(fjOut).sort()).toEqual(['440308199901101512.png', '440308199901101513.png']);
    expect(r.stdout).toMatch(/✔ 440308199901101512\.png\n/);
    expect(r.stdout).toMatch(/⚠ 440308199901101513\.jpg → 440308199901101513\.png（已保存，但仍有问题需要处理）/);
    expect(r.stdout).toMatch(/应为透明背景/);
  });

  it('an empty folder is reported, not an error', async () => {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    const r = await runCli(['photos', 'fix', empty, '--out', path.join(root, 'empty-out')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/没有文件；请检查是否选对了照片文件夹/);
  });
});

describe('photos: wrong arguments', () => {
  it('--out must not be the input folder, also not through a link', async () => {
    expectCleanFailure(await runCli(['photos', 'fix', input, '--out', input]), /不能是照片所在的文件夹/);
    const alias = path.join(root, 'alias');
    fs.symlinkSync(input, alias);
    expectCleanFailure(await runCli(['photos', 'fix', input, '--out', alias]), /不能是照片所在的文件夹/);
    expect(hashTree(input)).toEqual(before);
  });

  it('an unknown spec lists the valid ones', async () => {
    const r = await runCli(['photos', 'fix', input, '--photo-spec', 'beijing', '--out', path.join(root, 'x-out')]);
    expectCleanFailure(r, /beijing.*fujian.*guangxi.*national-exam/);
  });

  it('missing folder, missing --out, missing or unknown sub-command', async () => {
    expectCleanFailure(await runCli(['photos', 'fix', path.join(root, 'nope'), '--out', path.join(root, 'o')]), /找不到照片文件夹/);
    expectCleanFailure(await runCli(['photos', 'fix', input]), /--out/);
    expectCleanFailure(await runCli(['photos']), /fix/);
    expectCleanFailure(await runCli(['photos', 'shrink', input]), /不认识的 photos 子命令/);
    expectCleanFailure(await runCli(['photos', 'fix', input, '--out', path.join(input, GOOD)]), /是一个文件，不是文件夹/);
  });

  it('help lists the command', async () => {
    const r = await runCli(['help']);
    expect(r.stdout).toContain('photos fix <照片文件夹> --out <输出文件夹>');
  });
});
