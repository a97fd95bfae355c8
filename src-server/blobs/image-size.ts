import sharp from 'sharp';

/**
 * A photo's width and height as it is shown (after EXIF orientation), from its header only; undefined
 * when the bytes cannot be read as an image. No pixels are decoded, so this is cheap and safe even
 * for a file that claims an absurd size.
 */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number } | undefined> {
  try {
    const m = await sharp(bytes, { failOn: 'error' }).metadata();
    if (!m.width || !m.height) return undefined;
    const turned = (m.orientation ?? 1) >= 5;
    return turned ? { width: m.height, height: m.width } : { width: m.width, height: m.height };
  } catch {
    return undefined;
  }
}
