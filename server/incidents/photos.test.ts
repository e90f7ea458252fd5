import { describe, expect, it } from 'vitest';
import { oversizedPhoto, photoDimensions, photoType, stripJpegExif } from './photos.ts';

const seg = (marker: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, marker]), Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);

describe('incident photos', () => {
  it('are typed by their content', () => {
    expect(photoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(photoType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(photoType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(photoType(Buffer.from('GIF89a....'))).toBeNull();
    expect(photoType(Buffer.from('<svg/>'))).toBeNull();
    expect(photoType(Buffer.alloc(0))).toBeNull();
  });

  it('lose their EXIF (with its GPS position) and keep everything else when stripped', () => {
    const jfif = seg(0xe0, Buffer.from('JFIF\0'));
    const exif = seg(0xe1, Buffer.from('Exif\0\0GPS 35.0N 117.1E'));
    const table = seg(0xdb, Buffer.alloc(65, 1));
    const scan = Buffer.concat([Buffer.from([0xff, 0xda, 0, 2]), Buffer.from([1, 2, 3, 0xff, 0xd9])]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, exif, table, scan]);
    const out = stripJpegExif(jpeg);
    expect(out.equals(Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, table, scan]))).toBe(true);
    expect(out.includes(Buffer.from('GPS'))).toBe(false);
  });
});

describe('photo dimensions', () => {
  it('read from the header, and refuse what no camera makes', async () => {
    const { pngClaiming, pngOf } = await import('../../test/helpers/images.ts');
    expect(photoDimensions(pngOf(5, 3))).toEqual({ width: 5, height: 3 });
    expect(photoDimensions(pngClaiming(30_000, 30_000))).toEqual({ width: 30_000, height: 30_000 });
    expect(photoDimensions(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(oversizedPhoto({ width: 4000, height: 3000 })).toBeNull();
    expect(oversizedPhoto({ width: 16_320, height: 12_240 })).toBeNull(); // a 200 MP phone sensor
    expect(oversizedPhoto({ width: 30_000, height: 30_000 })).toMatch(/20000 px a side/);
    expect(oversizedPhoto({ width: 19_000, height: 19_000 })).toMatch(/megapixels/);
  });
});
