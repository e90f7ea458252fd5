// A worker's recent trail (轨迹) in the live state, kept compactly: its points' lon, lat and time side by side
// in one Float64Array, oldest first. A city keeps 10,000 workers × TRAIL_MS of fixes (3.6 million points at
// one fix every 5 s); as an array of three numbers each, a point took about 80 bytes of heap, here 24
// (issue 20 #9). Points leave from the front as they age, so the live ones are a window that moves along.
import type { TrailPoint } from '../../shared/tracking/live.ts';

const MIN_POINTS = 8;

export class Trail {
  private data = new Float64Array(3 * MIN_POINTS);
  /** The oldest point's index, and one past the newest. */
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(lon: number, lat: number, t: number): void {
    if (3 * (this.tail + 1) > this.data.length) this.make(Math.max(MIN_POINTS, Math.ceil(1.5 * this.length) + 1));
    this.data[3 * this.tail] = lon;
    this.data[3 * this.tail + 1] = lat;
    this.data[3 * this.tail + 2] = t;
    this.tail++;
  }

  /** Drops the points older than `since`. */
  cutBefore(since: number): void {
    while (this.head < this.tail && this.data[3 * this.head + 2]! < since) this.head++;
    // An emptied or mostly idle buffer is given back, so that a worker who stopped holds little.
    if (this.data.length > 3 * MIN_POINTS && 4 * this.length < this.data.length / 3) this.make(Math.max(MIN_POINTS, 2 * this.length));
  }

  /** The points as the wire has them, oldest first. */
  points(): TrailPoint[] {
    const out: TrailPoint[] = [];
    for (let i = this.head; i < this.tail; i++) out.push([this.data[3 * i]!, this.data[3 * i + 1]!, this.data[3 * i + 2]!]);
    return out;
  }

  /** Moves the live points to the front of a buffer of `capacity` points (the same one where it fits). */
  private make(capacity: number): void {
    const live = this.data.subarray(3 * this.head, 3 * this.tail);
    if (capacity * 3 === this.data.length) this.data.copyWithin(0, 3 * this.head, 3 * this.tail);
    else {
      const next = new Float64Array(3 * capacity);
      next.set(live);
      this.data = next;
    }
    this.tail -= this.head;
    this.head = 0;
  }
}
