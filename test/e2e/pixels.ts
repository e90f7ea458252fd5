import { PNG } from 'pngjs';

export type RGB = [number, number, number];

export function decodePng(buf: Buffer) {
  const png = PNG.sync.read(buf);
  return {
    width: png.width,
    height: png.height,
    at(x: number, y: number): RGB {
      const i = (png.width * Math.round(y) + Math.round(x)) * 4;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    },
  };
}

export const colourDistance = (a: RGB, b: RGB) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);

/** Source-over blend of `fg` at `alpha` on `bg`, as deck.gl draws a translucent fill. */
export const blend = (fg: RGB, alpha: number, bg: RGB): RGB => [0, 1, 2].map((i) => Math.round(fg[i]! * alpha + bg[i]! * (1 - alpha))) as RGB;
