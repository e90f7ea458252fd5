// Incident photos: the type is read from the content, never from the name or the header, and JPEG
// EXIF (which carries the GPS position of the photo) can be stripped when configured.

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type of these bytes, or null when they are not a JPEG, PNG or WebP image. */
export function photoType(b: Buffer): PhotoType | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
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
