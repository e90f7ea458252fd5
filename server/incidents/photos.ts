// Incident photos: the type is read from the content, never from the name or the header; the size in
// pixels from the image's own header (image-size: a small, well-kept reader of JPEG/PNG/WebP headers, so
// no decoder runs on untrusted bytes), and JPEG EXIF (which carries the GPS position of the photo) can be
// stripped when configured.
import { imageSize } from 'image-size';

/** Beyond any phone camera (a 200 MP sensor is 16,320 × 12,240): larger is a decompression bomb, not a photo. */
export const PHOTO_MAX_SIDE_PX = 20_000;
export const PHOTO_MAX_PIXELS = 200_000_000;

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type of these bytes, or null when they are not a JPEG, PNG or WebP image. */
export function photoType(b: Buffer): PhotoType | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Width and height from the image's header, or null when the header cannot be read. */
export function photoDimensions(b: Buffer): { width: number; height: number } | null {
  try {
    const { width, height } = imageSize(b);
    return width > 0 && height > 0 ? { width, height } : null;
  } catch {
    return null;
  }
}

/** Why these dimensions are refused, or null when they are a photo's. */
export function oversizedPhoto(d: { width: number; height: number }): string | null {
  if (d.width > PHOTO_MAX_SIDE_PX || d.height > PHOTO_MAX_SIDE_PX) return `an image of ${d.width} × ${d.height} px: at most ${PHOTO_MAX_SIDE_PX} px a side`;
  if (d.width * d.height > PHOTO_MAX_PIXELS) return `an image of ${d.width} × ${d.height} px: at most ${PHOTO_MAX_PIXELS / 1e6} megapixels`;
  return null;
}

/** A JPEG without its APP1 (EXIF/XMP) segments; the image data is untouched. */
export function stripJpegExif(b: Buffer): Buffer {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xda) break; // start of scan: the rest is image data
    const len = b.readUInt16BE(i + 2);
    if (marker !== 0xe1) parts.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  parts.push(b.subarray(i));
  return Buffer.concat(parts);
}
