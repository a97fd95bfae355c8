import { describe, expect, it } from 'vitest';
import { FILE_FORMATS, FILE_TYPES, FILE_TYPE_MIME, extensionFitsType, extensionsOf, savedExtension, sniffFileType } from '../../src-shared/file-type.js';
import { fileNameForType } from '../../src-shared/file-names.js';

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

/** The one table of file formats: what the photo checks and the saved names read. */
describe('FILE_FORMATS', () => {
  it('knows the usual extensions of each type, in any case, with or without the dot', () => {
    expect(extensionFitsType('jpeg', '.JPG')).toBe(true);
    expect(extensionFitsType('jpeg', 'jfif')).toBe(true);
    expect(extensionFitsType('tiff', '.tif')).toBe(true);
    expect(extensionFitsType('heic', '.HEIF')).toBe(true);
    expect(extensionFitsType('png', '.jpg')).toBe(false);
    expect(extensionFitsType('jpeg', '')).toBe(false);
    expect(extensionFitsType('unknown', '.bin')).toBe(false);
  });

  it('saves each type under its first extension, the one a fixed or stored file gets', () => {
    expect(savedExtension('jpeg')).toBe('.jpg');
    expect(savedExtension('png')).toBe('.png');
    expect(savedExtension('tiff')).toBe('.tif');
    expect(fileNameForType('证件照', 'jpeg')).toBe('证件照.jpg');
    expect(fileNameForType('证件照.JPEG', 'jpeg')).toBe('证件照.JPEG');
    expect(fileNameForType('说明.bat', 'pdf')).toBe('说明.pdf');
    for (const t of FILE_TYPES) expect(FILE_FORMATS[t].extensions.every((e) => /^[a-z0-9]+$/.test(e)), t).toBe(true);
    expect(extensionsOf(['jpeg', 'png'])).toEqual(['jpg', 'jpeg', 'jpe', 'jfif', 'png']);
  });
});
