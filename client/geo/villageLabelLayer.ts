import { TextLayer } from '@deck.gl/layers';

export interface VillageLabel {
  name: string;
  centre: [number, number];
}

/**
 * Village names, drawn by deck.gl from the machine's own CJK font: maplibre would need glyph tiles from a
 * server, which an offline intranet does not have.
 */
export function villageLabelLayer(labels: VillageLabel[], sizePx: number) {
  return new TextLayer<VillageLabel>({
    id: 'village-labels',
    data: labels,
    getPosition: (d) => d.centre,
    getText: (d) => d.name,
    characterSet: 'auto',
    fontFamily: '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
    fontWeight: 600,
    getSize: sizePx,
    getColor: [235, 242, 255, 235],
    outlineWidth: 3,
    outlineColor: [7, 17, 31, 255],
    fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
  });
}
