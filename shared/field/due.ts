// What the grid worker's day asks of them (R13-R16, R14, R20), pure so the phone and the server agree: the
// periods the visit cadence is read in, who is due within them, and what is missing to be 合格.
import type { CoverageCounts } from '../coverage/tally.ts';
import { addDays, daysBetween, monthDays } from '../core/time.ts';
import type { FocusKind } from '../visits/rules.ts';
import type { Missing } from './contract.ts';

/** The ISO week (Monday to Sunday) of a day: 帮扶 people are visited every week (R14). */
export function weekOf(day: string): { from: string; to: string } {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const from = addDays(day, -weekday);
  return { from, to: addDays(from, 6) };
}

/** The half-month of a day (1st–15th, 16th–end): 关注 people are visited every half month (R14). */
export function halfMonthOf(day: string): { from: string; to: string } {
  const month = day.slice(0, 7);
  if (Number(day.slice(8)) <= 15) return { from: `${month}-01`, to: `${month}-15` };
  return { from: `${month}-16`, to: addDays(monthDays(month).next, -1) };
}

/**
 * Whether a person of interest is on today's list: their next visit (`dueOn`, from the cadence) falls
 * within this week for 帮扶, this half-month for 关注 — or is already late.
 */
export function dueInPeriod(kind: FocusKind, dueOn: string, day: string): boolean {
  return dueOn <= (kind === 'assist' ? weekOf(day) : halfMonthOf(day)).to;
}

/** Days a rectification's check (整改核查, R20) is late on `day`: 0 on its deadline, and before it. */
export const checkOverdueDays = (deadline: string, day: string) => Math.max(0, daysBetween(deadline, day));

interface Left {
  passes: number;
  requiredPasses: number;
}

/**
 * What the worker still lacks to be qualified today (R15), in the order to do it: time on patrol, then
 * the key targets and road cells with the fewest passes first. Empty exactly when `isQualified` holds.
 */
export function missingToday(
  counts: Pick<CoverageCounts, 'patrolMs'>,
  minPatrolMs: number,
  targets: readonly (Left & { targetId: number; name: string })[],
  cells: readonly (Left & { cellId: number; road: string; seq: number })[],
): Missing[] {
  const out: Missing[] = [];
  if (counts.patrolMs < minPatrolMs)
    out.push({ kind: 'patrol_time', haveMinutes: Math.floor(counts.patrolMs / 60_000), needMinutes: Math.ceil(minPatrolMs / 60_000) });
  const short = <T extends Left>(items: readonly T[]) => items.filter((i) => i.passes < i.requiredPasses).sort((a, b) => a.passes - b.passes);
  for (const t of short(targets)) out.push({ kind: 'target', targetId: t.targetId, name: t.name, passes: t.passes, requiredPasses: t.requiredPasses });
  for (const c of short(cells)) out.push({ kind: 'road_cell', cellId: c.cellId, road: c.road, seq: c.seq, passes: c.passes, requiredPasses: c.requiredPasses });
  return out;
}
