// Planar geometry in a local metric frame (metres): the generator builds the town with it, and the
// coverage rules measure distances with it.
export type XY = [number, number];

export const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function ringArea(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  return Math.abs(s / 2);
}

export function segmentDistance(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

export function polylineDistance(p: XY, line: readonly XY[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) best = Math.min(best, segmentDistance(p, line[i - 1]!, line[i]!));
  return best;
}

export function segmentIntersection(a: XY, b: XY, c: XY, d: XY): XY | null {
  const r: XY = [b[0] - a[0], b[1] - a[1]];
  const s: XY = [d[0] - c[0], d[1] - c[1]];
  const den = r[0] * s[1] - r[1] * s[0];
  if (Math.abs(den) < 1e-12) return null;
  const t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / den;
  const u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [a[0] + t * r[0], a[1] + t * r[1]] : null;
}

export function lineIntersections(p: readonly XY[], q: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (let i = 1; i < p.length; i++)
    for (let j = 1; j < q.length; j++) {
      const x = segmentIntersection(p[i - 1]!, p[i]!, q[j - 1]!, q[j]!);
      if (x) out.push(x);
    }
  return out;
}

export function pointInRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A point `along` metres along a polyline, with the unit direction there. */
export function along(line: readonly XY[], at: number): { p: XY; dir: XY } {
  let rest = Math.max(0, at);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const len = dist(a, b);
    if (rest <= len || i === line.length - 1) {
      const t = len === 0 ? 0 : Math.min(1, rest / len);
      return { p: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], dir: len === 0 ? [1, 0] : [(b[0] - a[0]) / len, (b[1] - a[1]) / len] };
    }
    rest -= len;
  }
  return { p: line[0]!, dir: [1, 0] };
}

export function lineLength(line: readonly XY[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += dist(line[i - 1]!, line[i]!);
  return s;
}
