// The organisation's own classes: grid classes and a worker's status on the post (R4, R21).

/** Grid classes 一级/二级/三级 (R4, R21). */
export const GRID_CLASSES = [1, 2, 3] as const;
export type GridClass = (typeof GRID_CLASSES)[number];

/** Worker statuses. */
export const WORKER_STATUSES = ['active', 'leave', 'left'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** A village committee (村委会) or a residents' committee (居委会). */
export const VILLAGE_KINDS = ['村', '居'] as const;

/** The equipment register (R7): electric cars, e-bikes and handheld terminals, and what became of each. */
export const EQUIPMENT_KINDS = ['electric_car', 'ebike', 'terminal'] as const;
export const EQUIPMENT_STATUSES = ['in_service', 'damaged', 'replaced'] as const;
