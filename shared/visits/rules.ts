// Every number of the household-visit rules (R14, R23) in one place.

export interface VisitRules {
  /** The track must pass this close to the household… */
  radiusM: number;
  /** …within this long either side of the visit time. */
  windowMs: number;
}

/** A visit is verified by the worker's own track (R23: a visit typed at the desk is not a visit). */
export const DEFAULT_VISIT_RULES: VisitRules = { radiusM: 50, windowMs: 10 * 60_000 };

/** A visit is judged once its window has closed and this much more has passed (late fixes arrive). */
export const VISIT_SETTLE_MS = 5 * 60_000;

/** Persons of interest and their visit cadence in days (R14). */
export const FOCUS_KINDS = {
  assist: { label: '帮扶人群', everyDays: 7 },
  concern: { label: '关注人员', everyDays: 15 },
} as const;
export type FocusKind = keyof typeof FOCUS_KINDS;

/** Categories of persons of interest; those under `concern` are the sensitive high-risk groups of R10. */
export const FOCUS_CATEGORIES: Record<FocusKind, readonly string[]> = {
  assist: ['独居老人', '低保户', '残疾人', '孕产妇', '重病患者'],
  concern: ['刑满释放人员', '社区矫正人员', '吸毒人员', '重点青少年', '失意人群'],
};
