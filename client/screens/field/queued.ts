import type { Entry } from '../../field/queue.ts';

/** Households with a visit still on the phone: shown visited at once, not due any more. */
export function queuedVisits(entries: readonly Entry[]): Set<number> {
  const out = new Set<number>();
  for (const e of entries) if (e.kind === 'visit' && e.state !== 'failed') out.add((e.body as { householdId: number }).householdId);
  return out;
}
