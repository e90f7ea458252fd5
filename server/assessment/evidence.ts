// Publicity evidence files (R23: a screenshot online, a photo offline) are accepted as incident photos are:
// the type read from the content, the size in pixels from the image's own header, EXIF stripped when
// configured — the checks of server/incidents/photos.ts, reused.
import { oversizedPhoto, type PhotoType, photoDimensions, photoType, stripJpegExif } from '../incidents/photos.ts';
import { HttpError } from '../platform/http/errors.ts';

/** The bytes to store and their type, or the 415/413 an incident photo of them would get. */
export function acceptPhoto(bytes: Buffer, stripExif: boolean): { bytes: Buffer; mime: PhotoType } {
  const mime = photoType(bytes);
  if (!mime) throw new HttpError(415, 'unsupported_media_type', 'a photo or screenshot must be a JPEG, PNG or WebP image');
  const size = photoDimensions(bytes);
  if (!size) throw new HttpError(415, 'unreadable_image', `the ${mime} header cannot be read: the file is damaged or not an image`);
  const oversized = oversizedPhoto(size);
  if (oversized) throw new HttpError(413, 'image_too_large', oversized);
  return { bytes: mime === 'image/jpeg' && stripExif ? stripJpegExif(bytes) : bytes, mime };
}
