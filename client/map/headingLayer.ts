import { TextLayer } from '@deck.gl/layers';
import type { LiveWorker } from '../../shared/live.ts';
import { STATUS_COLOURS } from './workerLayer.ts';

/**
 * Which way each moving worker is heading (R30): an arrowhead just ahead of the worker's dot, turned to the
 * terminal's heading (degrees clockwise from north). Drawn from the machine's own font, like the labels.
 */
export function headingLayer(workers: LiveWorker[], radiusPx: number) {
  const moving = workers.filter((w) => w.heading !== null && w.status === 'patrolling');
  const ahead = radiusPx * 1.55;
  return new TextLayer<LiveWorker>({
    id: 'worker-headings',
    data: moving,
    getPosition: (w) => [w.lon, w.lat],
    getText: () => '▲',
    characterSet: ['▲'],
    fontFamily: '"Noto Sans CJK SC", "DejaVu Sans", sans-serif',
    getSize: radiusPx * 1.3,
    // deck.gl turns text counter-clockwise; a heading turns clockwise.
    getAngle: (w) => -(w.heading ?? 0),
    getPixelOffset: (w) => {
      const h = ((w.heading ?? 0) * Math.PI) / 180;
      return [Math.sin(h) * ahead, -Math.cos(h) * ahead];
    },
    getColor: (w) => [...STATUS_COLOURS[w.status], 255] as [number, number, number, number],
    outlineWidth: 2,
    outlineColor: [7, 17, 31, 255],
    fontSettings: { sdf: true, fontSize: 48, buffer: 4 },
    updateTriggers: { getAngle: workers, getPixelOffset: [workers, ahead], getColor: workers },
  });
}
