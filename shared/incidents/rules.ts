// Every number of the incident rules (R18-R20, R31) in one place; the time limits of each class are data
// (shared/incidents/categories.ts, kept by an administrator).

/** 及时核查: a handled case is verified in time when verified within this long of its handling (R31). */
export const VERIFY_WITHIN_MS = 24 * 3_600_000;

/** Working periods of a working day, in minutes after Beijing midnight: 08:30-12:00 and 13:30-17:30. */
export const WORK_PERIODS: readonly [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];
