// The grids tab's arithmetic: a squad's grids by village, and the days a holder held a grid (R4).
import { addDays } from '../../../../shared/core/time.ts';

interface GridRow {
  id: number;
  code: string;
  villageId: number;
}
interface VillageRow {
  id: number;
  code: string;
  name: string;
}

/** The villages (in code order) and each one's grids (in code order); a village without grids is left out. */
export function byVillage<G extends GridRow, V extends VillageRow>(grids: G[], villages: V[]): { village: V; grids: G[] }[] {
  const of = new Map<number, G[]>();
  for (const g of grids) (of.get(g.villageId) ?? of.set(g.villageId, []).get(g.villageId)!).push(g);
  return villages
    .filter((v) => of.has(v.id))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((village) => ({ village, grids: of.get(village.id)!.sort((a, b) => a.code.localeCompare(b.code)) }));
}

/**
 * The first and last day a holder held a grid: `toDay` is the day it passed on (exclusive), so the last is
 * the day before; null while they still hold it. A handover on the holder's first day leaves them no day.
 */
export function heldDays(a: { fromDay: string; toDay: string | null }): { first: string; last: string | null } | null {
  if (a.toDay === null) return { first: a.fromDay, last: null };
  if (a.toDay <= a.fromDay) return null;
  return { first: a.fromDay, last: addDays(a.toDay, -1) };
}
