import type { PassStatus } from '../../shared/coverage/engine.ts';

/** Today's passes of a key target or road cell: 0 missed (red), 1 partial (amber), 2+ complete (green). */
export const PASS_COLOURS: Record<PassStatus, readonly [number, number, number]> = { missed: [240, 82, 82], partial: [255, 196, 61], complete: [64, 220, 120] };

export type StatusOf = (id: number) => PassStatus;
