// Household visits: what a terminal sends.
import { z } from 'zod';
import { Id } from '../core/schemas.ts';

/** Household visits a terminal reports (入户走访, R14); a batch is recorded whole or not at all. */
export const VisitsBody = z.strictObject({
  visits: z
    .array(
      z.strictObject({
        householdId: Id,
        personId: Id.optional(),
        visitedAt: z.iso.datetime({ offset: true }),
        note: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type VisitsBody = z.infer<typeof VisitsBody>;
