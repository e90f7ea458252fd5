// The brigade's organisation (R1-R6) and its grid workers, as the API answers them; names masked for the wall (R40).
import { z } from 'zod';
import { endpoint } from '../core/contract.ts';
import { SquadQuery } from '../core/schemas.ts';

export const Department = z.object({ id: z.number(), code: z.string(), name: z.string(), headcount: z.number() });

export const Org = z.object({
  town: z.object({ code: z.string(), name: z.string() }).nullable(),
  brigade: z.object({ name: z.string(), host: z.string(), captain: z.string().nullable(), deputies: z.array(z.string().nullable()) }).nullable(),
  sections: z.array(z.object({ code: z.string(), name: z.string(), duty: z.string(), posts: z.number(), lead: z.string().nullable() })),
  squads: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      branch: z.string(),
      leader: z.string().nullable(),
      grids: z.number(),
      workers: z.number(),
      villages: z.number(),
    }),
  ),
  departments: z.array(Department),
  rotatingChair: z.object({ squadId: z.number(), squad: z.string(), leader: z.string().nullable(), quarter: z.string(), rotationStart: z.string() }).nullable(),
});

export const Worker = z.object({
  id: z.number(),
  name: z.string(),
  /** None for the wall (R40). */
  phone: z.string().nullable(),
  squadId: z.number(),
  gridId: z.number().nullable(),
  gridCode: z.string().nullable(),
  hiredOn: z.string(),
  status: z.string(),
});

export const org = {
  org: endpoint({ method: 'get', path: '/org', response: Org }),
  workers: endpoint({ method: 'get', path: '/workers', query: SquadQuery, response: z.array(Worker) }),
};
