// Nine squad colours that stay apart on a dark wall and for the common colour-vision deficiencies.
const PALETTE: [number, number, number][] = [
  [77, 171, 247],
  [255, 169, 77],
  [105, 219, 124],
  [240, 101, 149],
  [177, 151, 252],
  [255, 212, 59],
  [56, 217, 169],
  [250, 82, 82],
  [145, 167, 255],
];

export const squadColor = (squadId: number): [number, number, number] => PALETTE[(squadId - 1 + PALETTE.length) % PALETTE.length]!;
