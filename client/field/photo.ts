// Photos are made smaller on the phone before they are queued: a camera's 4000 × 3000 JPEG of 4-8 MB
// becomes about 1600 px on its long side and a few hundred kB, which a weak village signal can carry.

/** The long side of a queued photo, in pixels, and its JPEG quality. */
export const PHOTO_LONG_SIDE_PX = 1600;
const JPEG_QUALITY = 0.8;

/** The size a photo is drawn at: its own when small enough, else scaled so its long side is the limit. */
export function fittedSize(width: number, height: number, longSide = PHOTO_LONG_SIDE_PX) {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** The photo as a smaller JPEG (canvas → JPEG); what the browser cannot decode as an image is refused. */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  // Rotated as the camera's EXIF says, so that what is stored is upright.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { width, height } = fittedSize(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', JPEG_QUALITY),
  );
}
