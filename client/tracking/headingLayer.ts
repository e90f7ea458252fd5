import { IconLayer, type IconLayerProps } from '@deck.gl/layers';
import { STATUS_COLOURS, type HeadingColumns } from './workerColumns.ts';

const ICON = 64;
let arrow: HTMLCanvasElement | null = null;
/** An arrowhead pointing north in the patrolling green, outlined dark for the map; drawn here, nothing fetched. */
const arrowIcon = () => {
  if (arrow) return arrow;
  arrow = document.createElement('canvas');
  arrow.width = arrow.height = ICON;
  const g = arrow.getContext('2d')!;
  g.beginPath();
  g.moveTo(ICON / 2, 6);
  g.lineTo(ICON - 10, ICON - 10);
  g.lineTo(10, ICON - 10);
  g.closePath();
  g.lineJoin = 'round';
  g.lineWidth = 6;
  g.strokeStyle = 'rgb(7,17,31)';
  g.stroke();
  g.fillStyle = `rgb(${STATUS_COLOURS.patrolling.join(',')})`;
  g.fill();
  return arrow;
};

/**
 * Which way each moving worker is heading (R30): an arrowhead just ahead of the worker's dot, turned to the
 * terminal's heading (degrees clockwise from north).
 */
export function headingLayer(moving: HeadingColumns, radiusPx: number) {
  const ahead = radiusPx * 1.55;
  const angles = new Float32Array(moving.length);
  const offsets = new Float32Array(moving.length * 2);
  moving.headings.forEach((heading, i) => {
    // deck.gl turns icons counter-clockwise; a heading turns clockwise.
    angles[i] = -heading;
    const h = (heading * Math.PI) / 180;
    offsets[i * 2] = Math.sin(h) * ahead;
    offsets[i * 2 + 1] = -Math.cos(h) * ahead;
  });
  return new IconLayer({
    id: 'worker-headings',
    data: {
      length: moving.length,
      attributes: {
        getPosition: { value: moving.positions, size: 2 },
        getAngle: { value: angles, size: 1 },
        getPixelOffset: { value: offsets, size: 2 },
      },
    },
    // deck.gl makes a texture of a canvas (an 'image' prop), though the prop's type names only textures.
    iconAtlas: arrowIcon() as unknown as IconLayerProps['iconAtlas'],
    iconMapping: { arrow: { x: 0, y: 0, width: ICON, height: ICON, mask: false } },
    getIcon: () => 'arrow',
    sizeUnits: 'pixels',
    getSize: radiusPx * 1.3,
  });
}
