import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src-server/blobs/image-size.js';

/** A 300×400 picture as the camera stored it, with the EXIF orientation that says how to show it. */
function photo(orientation?: number): Promise<Buffer> {
  const img = sharp({ create: { width: 300, height: 400, channels: 3, background: '#c03030' } });
  return (orientation ? img.withMetadata({ orientation }) : img).jpeg().toBuffer();
}

describe('imageSize: a stored photo measured as it is shown', () => {
  it('turns width and height for the orientations that lie the picture on its side (5 to 8)', async () => {
    for (const o of [5, 6, 7, 8]) expect(await imageSize(await photo(o)), `orientation ${o}`).toEqual({ width: 400, height: 300 });
  });

  it('keeps them for upright, upside-down and mirrored pictures and for none recorded', async () => {
    for (const o of [1, 2, 3, 4]) expect(await imageSize(await photo(o)), `orientation ${o}`).toEqual({ width: 300, height: 400 });
    expect(await imageSize(await photo())).toEqual({ width: 300, height: 400 });
    const png = await sharp({ create: { width: 120, height: 90, channels: 4, background: '#ffffff' } }).png().toBuffer();
    expect(await imageSize(png)).toEqual({ width: 120, height: 90 });
  });

  it('answers undefined for bytes that are no image', async () => {
    expect(await imageSize(Buffer.from('%PDF-1.7\n'))).toBeUndefined();
    expect(await imageSize((await photo(6)).subarray(0, 20))).toBeUndefined();
  });
});
