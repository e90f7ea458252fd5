// The organisation's own classes: grid classes and a worker's status on the post (R4, R21).

/** Grid classes 一级/二级/三级 (R4, R21). */
export const GRID_CLASSES = [1, 2, 3] as const;
export type GridClass = (typeof GRID_CLASSES)[number];

/** Worker statuses. */
export const WORKER_STATUSES = ['active', 'leave', 'left'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];
