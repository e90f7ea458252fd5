// Replay (回放, R30): the town as it was at a moment of a day, for the wall's time slider.
import { z } from 'zod';
import { endpoint } from '../core/contract.ts';
import { Day, SquadQuery } from '../core/schemas.ts';
import { PassStatus } from '../coverage/contract.ts';
import { IncidentSummary } from '../incidents/contract.ts';
import { LiveWorker } from '../tracking/contract.ts';

const ReplayQuery = SquadQuery.extend({ date: Day, at: z.iso.datetime({ offset: true }) });
const Passed = z.object({ id: z.number(), passes: z.number(), status: PassStatus });

export const ReplayFrame = z.object({
  date: z.string(),
  at: z.string(),
  live: z.boolean(),
  workers: z.array(LiveWorker),
  targets: z.array(Passed),
  cells: z.array(Passed),
  incidents: z.array(IncidentSummary),
});
export type ReplayFrame = z.infer<typeof ReplayFrame>;

export const replay = {
  at: endpoint({ method: 'get', path: '/replay', query: ReplayQuery, response: ReplayFrame }),
};
