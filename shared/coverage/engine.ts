// Patrol coverage rules (R13, R15), pure: a fix segment joins two consecutive clean fixes of one worker
// less than `segmentGapMs` apart; it passes a target when it comes within the target's radius; a run of
// passing segments is one patrol pass; passes closer than `minGapMs` to the last counted one that day are
// the same pass. A target with its required passes on an Asia/Shanghai day is 双巡 complete.
import Flatbush from 'flatbush';
import { pointInRing, segmentDistance, segmentIntersection, type XY } from '../core/plane.ts';
import { shanghaiDay } from '../core/time.ts';
import type { LocalFrame } from '../core/frame.ts';
import { joinsTrack } from '../tracking/rules.ts';
import { DEFAULT_COVERAGE_RULES, type CoverageRules } from './rules.ts';

export type PassStatus = 'missed' | 'partial' | 'complete';

export const passStatus = (passes: number, required: number): PassStatus => (passes >= required ? 'complete' : passes > 0 ? 'partial' : 'missed');

export interface CoverageTarget {
  id: number;
  gridId: number;
  /** A point, a polyline (a road cell) or the rings (outer first) of a polygon, in the local frame. */
  point?: XY;
  line?: XY[];
  rings?: XY[][];
  radiusM: number;
  requiredPasses: number;
}

/** Distance between segments a→b and c→d: 0 when they cross, else the nearest endpoint to the other. */
function segmentsDistance(a: XY, b: XY, c: XY, d: XY): number {
  if (segmentIntersection(a, b, c, d)) return 0;
  return Math.min(segmentDistance(a, c, d), segmentDistance(b, c, d), segmentDistance(c, a, b), segmentDistance(d, a, b));
}

/** Distance from the segment a→b to every edge of polylines, stopping at 0. */
function polylinesDistance(a: XY, b: XY, lines: XY[][]): number {
  let best = Infinity;
  for (const line of lines) for (let i = 1; i < line.length && best > 0; i++) best = Math.min(best, segmentsDistance(a, b, line[i - 1]!, line[i]!));
  return best;
}

/** Distance in metres from the segment a→b to a target: 0 when it touches a line or enters a polygon. */
export function segmentTargetDistance(a: XY, b: XY, t: CoverageTarget): number {
  if (t.point) return segmentDistance(t.point, a, b);
  if (t.line) return polylinesDistance(a, b, [t.line]);
  const rings = t.rings!;
  return insidePolygon(a, rings) || insidePolygon(b, rings) ? 0 : polylinesDistance(a, b, rings);
}

/** Inside the outer ring (the first) and outside every hole. */
function insidePolygon(p: XY, rings: XY[][]): boolean {
  if (!pointInRing(p, rings[0]!)) return false;
  for (let i = 1; i < rings.length; i++) if (pointInRing(p, rings[i]!)) return false;
  return true;
}

/** The points that bound a target's geometry. */
const outline = (t: CoverageTarget): XY[] => (t.point ? [t.point] : (t.line ?? t.rings![0]!));

export interface TargetChange {
  targetId: number;
  day: string;
  passes: number;
  status: PassStatus;
}

/** The passes among sorted run starts: each at least minGap after the last one counted. */
export function countedPasses(starts: readonly number[], minGapMs: number): number[] {
  const out: number[] = [];
  for (const t of starts) if (!out.length || t - out[out.length - 1]! >= minGapMs) out.push(t);
  return out;
}

/** Floating-point slack: a pass at exactly the radius counts, on both engines. */
const EPS_M = 1e-6;

/** The live engine: fixes in, passes counted as they happen, indexed so each fix costs a few targets. */
export class CoverageEngine {
  private readonly index: Flatbush;
  private readonly last = new Map<number, { t: number; p: XY }>();
  private readonly passing = new Map<number, Set<number>>();
  // Every run start per `${targetId}|${day}`, sorted: passes are recounted from them, so runs that arrive
  // out of time order (a terminal uploading late) count exactly as the batch counts them.
  private readonly runs = new Map<string, number[]>();

  constructor(
    readonly targets: CoverageTarget[],
    readonly frame: LocalFrame,
    readonly rules: CoverageRules = DEFAULT_COVERAGE_RULES,
  ) {
    this.index = new Flatbush(Math.max(1, targets.length));
    for (const t of targets) {
      const pts = outline(t);
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      this.index.add(Math.min(...xs) - t.radiusM, Math.min(...ys) - t.radiusM, Math.max(...xs) + t.radiusM, Math.max(...ys) + t.radiusM);
    }
    if (!targets.length) this.index.add(0, 0, 0, 0); // Flatbush needs one item; never searched
    this.index.finish();
  }

  /** One clean fix of a worker, in time order; returns the targets whose count changed. */
  addFix(workerId: number, t: number, lon: number, lat: number): TargetChange[] {
    const p = this.frame.toLocal(lon, lat);
    const last = this.last.get(workerId);
    if (last && t <= last.t) return []; // a late fix: the batch counts it
    // A city sends thousands of fixes a second through both layers: nothing is allocated for a fix that
    // passes nothing (issue 20 #5).
    if (!last) {
      this.last.set(workerId, { t, p });
      return [];
    }
    const prevT = last.t;
    const prevP = last.p;
    last.t = t;
    last.p = p;
    if (!joinsTrack(t - prevT, this.rules.segmentGapMs) || !this.targets.length) {
      this.passing.delete(workerId); // a gap breaks the track, and any run
      return [];
    }
    const before = this.passing.get(workerId);
    let now: Set<number> | undefined;
    const hits = this.index.search(Math.min(prevP[0], p[0]), Math.min(prevP[1], p[1]), Math.max(prevP[0], p[0]), Math.max(prevP[1], p[1]));
    const changes: TargetChange[] = [];
    for (const i of hits) {
      const target = this.targets[i]!;
      if (segmentTargetDistance(prevP, p, target) > target.radiusM + EPS_M) continue;
      now ??= new Set();
      now.add(i);
      if (!before?.has(i)) {
        const change = this.countPass(target, prevT);
        if (change) changes.push(change);
      }
    }
    if (now) this.passing.set(workerId, now);
    else if (before) this.passing.delete(workerId);
    return changes;
  }

  private countPass(target: CoverageTarget, at: number): TargetChange | null {
    const day = shanghaiDay(at);
    const key = `${target.id}|${day}`;
    const starts = this.runs.get(key) ?? [];
    const before = countedPasses(starts, this.rules.minGapMs).length;
    let i = starts.length;
    while (i > 0 && starts[i - 1]! > at) i--;
    starts.splice(i, 0, at);
    this.runs.set(key, starts);
    const passes = countedPasses(starts, this.rules.minGapMs).length;
    return passes === before ? null : { targetId: target.id, day, passes, status: passStatus(passes, target.requiredPasses) };
  }

  /** Counted pass times of one target on a day. */
  passesOf(targetId: number, day: string): number[] {
    return countedPasses(this.runs.get(`${targetId}|${day}`) ?? [], this.rules.minGapMs);
  }

  /** Counted pass times of every target on a day (targets with none are absent). */
  passesOn(day: string): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const [key, starts] of this.runs) {
      const [id, d] = key.split('|');
      if (d === day) out.set(Number(id), countedPasses(starts, this.rules.minGapMs));
    }
    return out;
  }

  /** Forgets counts of days before `day`: the store keeps the history, memory keeps today. */
  forgetBefore(day: string) {
    for (const key of this.runs.keys()) if (key.split('|')[1]! < day) this.runs.delete(key);
  }

  /** Forgets everything: before the fixes are replayed from the store. */
  reset() {
    this.last.clear();
    this.passing.clear();
    this.runs.clear();
  }
}
