import type { ImportPlan } from '../../shared/town/contract.ts';

type Rgb = [number, number, number];
export type ChangeKind = ImportPlan['changes']['features'][number]['properties']['change'];

/** What an import does to a grid, as the preview's map and legend colour it: added green, changed orange, removed red. */
export const CHANGE_COLOURS: Record<ChangeKind, Rgb> = {
  added: [46, 184, 92],
  changed: [245, 150, 30],
  removed: [230, 60, 60],
};

/** A problem of the file: an error blocks the import, a warning does not. */
export const PROBLEM_COLOURS: Record<'error' | 'warning', Rgb> = {
  error: [230, 60, 60],
  warning: [245, 185, 40],
};

export const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
