// The days a grid, key target or road cell holds (migration 013): an import retires rows and adds new ones,
// so that a day's coverage is always computed from what the town was on that day (issue 17).

/** The row `alias` held on the day in `day` (a parameter such as `$3`, or a date expression). */
export const validOn = (alias: string, day: string) =>
  `(${alias}.valid_from <= ${day}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${day}::date))`;

/** The row `alias` is part of the town as it is now. */
export const current = (alias: string) => `${alias}.valid_to IS NULL`;
