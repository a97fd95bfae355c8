import { describe, expect, it } from 'vitest';
import { FILE_TYPE_MIME, sniffFileType } from '../../src-shared/file-type.js';

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** The one magic-byte sniffer the desktop and the server share. */
describe('sniffFileType', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['png', bytes([0x89], 'PNG\r\n\u001a\n')],
    ['pdf', bytes('%PDF-1.7')],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['gif', bytes('GIF89a')],
    ['bmp', bytes('BM', new Array(12).fill(0))],
    ['tiff', bytes('II*', [0])],
    ['zip', bytes('PK', [3, 4, 20, 0])],
    ['ole', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['heic', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['avif', bytes([0, 0, 0, 24], 'ftypavif', [0, 0, 0, 0], 'mif1avif')],
    // A generic HEIF brand: the compatible brands decide.
    ['avif', bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0], 'mif1avif')],
    ['heic', bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0], 'mif1heic')],
    ['unknown', bytes('这不是图片')],
    ['unknown', bytes()],
  ] as const)('%s', (type, head) => {
    expect(sniffFileType(head)).toBe(type);
  });

  it('a name never enters into it, and every type has a MIME type', () => {
    for (const t of Object.keys(FILE_TYPE_MIME)) expect(FILE_TYPE_MIME[t as keyof typeof FILE_TYPE_MIME]).toMatch(/\//);
  });
});
