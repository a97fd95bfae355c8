import { describe, expect, it } from 'vitest';
import { matchPhotos } from '../../src-main/photos/match-photos.js';

const A = '440308199901101512';
const B = '11010519491231002X';
const C = '350102199103051019';
const persons = [
  { key: 1, photo: '', idNumber: A },
  { key: 2, photo: '', idNumber: B },
  { key: 3, photo: '王小明证件照.PNG', idNumber: C },
];

describe('matching photos to people', () => {
  it('by the 照片 column first (case-insensitive, as Windows), then by the ID in the file name, X in either case', () => {
    const r = matchPhotos([`${A}.jpg`, `${B.toLowerCase()}.jpeg`, '王小明证件照.png'], persons);
    expect(r.matches).toEqual(
      expect.arrayContaining([
        { fileName: `${A}.jpg`, key: 1, by: 'idNumber' },
        { fileName: `${B.toLowerCase()}.jpeg`, key: 2, by: 'idNumber' },
        { fileName: '王小明证件照.png', key: 3, by: 'photoColumn' },
      ]),
    );
    expect(r.unmatched).toEqual([]);
    expect(r.withoutPhoto).toEqual([]);
  });

  it('finds the ID with a name beside it, but not inside a longer number', () => {
    const r = matchPhotos([`${A} 张三.jpg`, `9${B}.jpg`], persons);
    expect(r.matches).toEqual([{ fileName: `${A} 张三.jpg`, key: 1, by: 'idNumber' }]);
    expect(r.unmatched.map((u) => u.fileName)).toEqual([`9${B}.jpg`]);
    expect(r.withoutPhoto).toEqual([2, 3]);
  });

  it('lists files that match nobody and second photos of the same person, with what to do', () => {
    const r = matchPhotos(['IMG_0001.JPG', `${A}.jpg`, `${A}.png`], persons);
    const unmatched = Object.fromEntries(r.unmatched.map((u) => [u.fileName, u.issue]));
    expect(unmatched['IMG_0001.JPG']).toMatchObject({ code: 'photo.unmatched', severity: 'error' });
    expect(unmatched['IMG_0001.JPG']!.message).toMatch(/身份证号.*改名/);
    expect(unmatched[`${A}.png`]!.message).toMatch(/都属于/);
  });
});
