import sharp from 'sharp';

/**
 * A photo's width and height as it is shown (after EXIF orientation), from its header only; undefined
 * when the bytes cannot be read as an image. No pixels are decoded, so this is cheap and safe even
 * for a file that claims an absurd size.
 */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number } | undefined> {
  try {
    const m = await sharp(bytes, { failOn: 'error' }).metadata();
    // sharp's own reading of the EXIF orientation, as the desktop's photo checks use it.
    const { width, height } = m.autoOrient ?? m;
    return width && height ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
