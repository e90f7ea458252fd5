// Household visits (R14, R23): what a terminal sends, and what leaders see of them; each endpoint's request and answer.
import { z } from 'zod';
import { Timestamp, endpoint } from '../core/contract.ts';
import { Day, Id, Month, SquadQuery } from '../core/schemas.ts';

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

const MonthQuery = SquadQuery.extend({ month: Month.optional() });
const VisitListQuery = SquadQuery.extend({
  month: Month.optional(),
  grid: Id.optional(),
  status: z.enum(['verified', 'unverified', 'pending']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const FocusQuery = SquadQuery.extend({ date: Day.optional() });

/** A visit as leaders see it: verified, unverified (the track was not there, R23) or pending. */
export const Visit = z.object({
  id: z.number(),
  householdId: z.number(),
  address: z.string(),
  personId: z.number().nullable(),
  workerId: z.number(),
  worker: z.string(),
  gridId: z.number(),
  squadId: z.number(),
  visitedAt: Timestamp,
  note: z.string(),
  status: z.enum(['verified', 'unverified', 'pending']),
});

/** Households with a verified visit this month / households (R14); unverified visits counted apart (R23). */
export const HouseholdCounts = z.object({
  households: z.number(),
  verified: z.number(),
  unverifiedOnly: z.number(),
  pendingOnly: z.number(),
  visits: z.number(),
  verifiedVisits: z.number(),
  unverifiedVisits: z.number(),
  pendingVisits: z.number(),
});
const HouseholdFigures = HouseholdCounts.extend({ coverage: z.number().nullable() });
export const Households = z.object({
  month: z.string(),
  town: HouseholdFigures,
  squads: z.array(HouseholdFigures.extend({ squadId: z.number() })),
  grids: z.array(HouseholdFigures.extend({ gridId: z.number(), squadId: z.number() })),
});
export type Households = z.infer<typeof Households>;

const FocusCount = z.object({ persons: z.number(), overdue: z.number() });
export const FocusOverdue = z.object({
  date: z.string(),
  assist: FocusCount,
  concern: FocusCount,
  overdue: z.array(
    z.object({
      // Who, which household and which group: not for the wall, which learns only where visits are late (R40).
      personId: z.number().optional(),
      name: z.string().optional(),
      kind: z.enum(['assist', 'concern']).optional(),
      category: z.string().optional(),
      registeredOn: z.string().optional(),
      lastVisit: z.string().nullable().optional(),
      householdId: z.number().optional(),
      gridId: z.number(),
      squadId: z.number(),
      workerId: z.number().nullable(),
      worker: z.string().nullable(),
      dueOn: z.string(),
      overdueDays: z.number(),
    }),
  ),
});

export const visits = {
  record: endpoint({
    method: 'post',
    path: '/visits',
    body: VisitsBody,
    response: z.object({
      recorded: z.number(),
      duplicates: z.number(),
      visits: z.array(z.object({ id: z.number(), householdId: z.number(), visitedAt: Timestamp })),
    }),
  }),
  list: endpoint({ method: 'get', path: '/visits', query: VisitListQuery, response: z.object({ visits: z.array(Visit) }) }),
  households: endpoint({ method: 'get', path: '/coverage/households', query: MonthQuery, response: Households }),
  focusOverdue: endpoint({ method: 'get', path: '/coverage/focus-overdue', query: FocusQuery, response: FocusOverdue }),
};
