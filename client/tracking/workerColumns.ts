import { LocalFrame } from '../../shared/core/frame.ts';
import { TRAIL_MS, joinsTrail } from '../../shared/tracking/rules.ts';
import type { LiveWorker, WorkerStatus } from '../../shared/tracking/live.ts';

// The live workers as columns of typed arrays, made in one pass per delta and handed to deck.gl as binary
// attributes: deck.gl then uploads them as they are instead of calling an accessor per worker and per trail
// point, which is what a city of 10,000 workers a delta cannot afford. No I/O here.

export const STATUS_COLOURS: Record<WorkerStatus, [number, number, number]> = {
  patrolling: [64, 220, 120],
  idle: [255, 196, 61],
  low_battery: [255, 99, 99],
  offline: [130, 140, 155],
};

/** Writes an opaque colour at row `i` of an RGBA column (plain writes: `set` from an array is slower here). */
const paint = (colours: Uint8Array, i: number, [r, g, b]: [number, number, number]) => {
  colours[i * 4] = r;
  colours[i * 4 + 1] = g;
  colours[i * 4 + 2] = b;
  colours[i * 4 + 3] = 255;
};

/** A dot per worker: where, and the colour of its status (grey when offline). */
export interface WorkerColumns {
  length: number;
  /** lon, lat per worker; 64-bit, as a 32-bit longitude is only good to ~1.5 m. */
  positions: Float64Array;
  /** r, g, b, a per worker. */
  colours: Uint8Array;
}

export function workerColumns(workers: readonly LiveWorker[]): WorkerColumns {
  const positions = new Float64Array(workers.length * 2);
  const colours = new Uint8Array(workers.length * 4);
  for (let i = 0; i < workers.length; i++) {
    const w = workers[i]!;
    positions[i * 2] = w.lon;
    positions[i * 2 + 1] = w.lat;
    paint(colours, i, STATUS_COLOURS[w.status]);
  }
  return { length: workers.length, positions, colours };
}

/** The moving workers (on patrol, with a heading): where, and which way in degrees clockwise from north. */
export interface HeadingColumns {
  length: number;
  positions: Float64Array;
  headings: Float32Array;
}

export function headingColumns(workers: readonly LiveWorker[]): HeadingColumns {
  const moving = workers.filter((w) => w.heading !== null && w.status === 'patrolling');
  const positions = new Float64Array(moving.length * 2);
  const headings = new Float32Array(moving.length);
  moving.forEach((w, i) => {
    positions[i * 2] = w.lon;
    positions[i * 2 + 1] = w.lat;
    headings[i] = w.heading!;
  });
  return { length: moving.length, positions, headings };
}

/**
 * Trail times are seconds since an origin that moves only every six hours, so that the trail's fade can
 * follow the clock without rebuilding the trails, and the seconds stay exact in the GPU's 32-bit floats
 * (epoch milliseconds would not).
 */
const ORIGIN_EVERY_MS = 6 * 3_600_000;
export const trailOrigin = (now: number) => Math.floor(now / ORIGIN_EVERY_MS) * ORIGIN_EVERY_MS - TRAIL_MS;

/**
 * Each worker's trail of the last 30 minutes as paths, cut where the track breaks (a silence of
 * FIX_GAP_MS, R13), as the day's tracks are, and where two points would need a jump (a track righted
 * after it began with a spike): a worker is never joined to a place they could not have come from.
 * Vertices flat, coloured by the worker's status; a piece of one point is left out.
 */
export interface TrailColumns {
  length: number;
  origin: number;
  /** Where each path starts, in vertices. */
  startIndices: Uint32Array;
  positions: Float64Array;
  /** Seconds since `origin`, per vertex. */
  times: Float32Array;
  colours: Uint8Array;
}

export function trailColumns(workers: readonly LiveWorker[], origin: number): TrailColumns {
  const pieces: { worker: LiveWorker; from: number; to: number }[] = [];
  let vertices = 0;
  for (const worker of workers) {
    const trail = worker.trail;
    const frame = new LocalFrame(worker.lon, worker.lat);
    let from = 0;
    for (let k = 1; k <= trail.length; k++) {
      if (k < trail.length && joinsTrail(trail[k - 1]!, trail[k]!, frame)) continue;
      if (k - from > 1) {
        pieces.push({ worker, from, to: k });
        vertices += k - from;
      }
      from = k;
    }
  }
  const startIndices = new Uint32Array(pieces.length);
  const positions = new Float64Array(vertices * 2);
  const times = new Float32Array(vertices);
  const colours = new Uint8Array(vertices * 4);
  let v = 0;
  pieces.forEach(({ worker, from, to }, i) => {
    startIndices[i] = v;
    const colour = STATUS_COLOURS[worker.status];
    for (let k = from; k < to; k++, v++) {
      const p = worker.trail[k]!;
      positions[v * 2] = p[0];
      positions[v * 2 + 1] = p[1];
      times[v] = (p[2] - origin) / 1000;
      paint(colours, v, colour);
    }
  });
  return { length: pieces.length, origin, startIndices, positions, times, colours };
}
