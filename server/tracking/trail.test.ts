import { describe, expect, it } from 'vitest';
import { Trail } from './trail.ts';

describe('a worker’s live trail, kept compactly (issue 20 #9)', () => {
  it('keeps its points in order as they come and age out over many windows', () => {
    const trail = new Trail();
    const kept: [number, number, number][] = [];
    // Two hours of a fix every 5 s, a 30-minute window cut each minute: the buffer is reused and moved along.
    for (let i = 0; i < 1440; i++) {
      const p: [number, number, number] = [117 + i * 1e-5, 35 - i * 1e-5, i * 5000];
      trail.push(...p);
      kept.push(p);
      if (i % 12 === 0) {
        const since = i * 5000 - 30 * 60_000;
        trail.cutBefore(since);
        while (kept.length && kept[0]![2] < since) kept.shift();
      }
      if (i % 97 === 0) expect(trail.points()).toEqual(kept);
    }
    expect(trail.length).toBe(kept.length);
    expect(trail.points()).toEqual(kept);
  });

  it('empties when every point is old, and takes new points after', () => {
    const trail = new Trail();
    for (let i = 0; i < 500; i++) trail.push(1, 2, i);
    trail.cutBefore(1000);
    expect(trail.length).toBe(0);
    expect(trail.points()).toEqual([]);
    trail.push(3, 4, 2000);
    expect(trail.points()).toEqual([[3, 4, 2000]]);
  });

  it('drops only the points strictly older than the cut', () => {
    const trail = new Trail();
    for (const t of [10, 20, 30]) trail.push(0, 0, t);
    trail.cutBefore(20);
    expect(trail.points().map((p) => p[2])).toEqual([20, 30]);
  });
});
