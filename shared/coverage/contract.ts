// Coverage of a day (R13, R15, R16, R32): figures per town, squad and grid, key targets and road cells with
// their passes, patrol density and blind spots, the day's notice, the trend; each endpoint's request and answer.
import { z } from 'zod';
import { Timestamp, endpoint } from '../core/contract.ts';
import { Day, SquadQuery } from '../core/schemas.ts';

const ratio = z.number().nullable();
/** The counts with their percentages: 双巡 completion, road double and single (at least once) coverage. */
export const CoverageFigures = z.object({
  targets: z.number(),
  complete: z.number(),
  partial: z.number(),
  missed: z.number(),
  cells: z.number(),
  cellsComplete: z.number(),
  roadM: z.number(),
  roadCompleteM: z.number(),
  roadOnceM: z.number(),
  patrolMinutes: z.number(),
  completion: ratio,
  roadDouble: ratio,
  roadSingle: ratio,
});
export type CoverageFigures = z.infer<typeof CoverageFigures>;
/** A grid's figures and whether its worker is qualified for the day (R15). */
export const GridCoverage = CoverageFigures.extend({ qualified: z.boolean() });
export type GridCoverage = z.infer<typeof GridCoverage>;
/** A squad's or the town's figures and how many of their workers are qualified. */
export const AreaCoverage = CoverageFigures.extend({ workers: z.number(), qualified: z.number() });
export type AreaCoverage = z.infer<typeof AreaCoverage>;

const Source = z.enum(['live', 'batch']);
export const PassStatus = z.enum(['missed', 'partial', 'complete']);

/** Coverage of a day for the town (what the scope holds), each squad and each grid with its worker. */
export const CoverageSummary = z.object({
  date: z.string(),
  source: Source,
  town: AreaCoverage,
  squads: z.array(AreaCoverage.extend({ squadId: z.number() })),
  grids: z.array(
    GridCoverage.extend({
      gridId: z.number(),
      squadId: z.number(),
      code: z.string(),
      name: z.string(),
      workerId: z.number().nullable(),
      worker: z.string().nullable(),
    }),
  ),
});
export type CoverageSummary = z.infer<typeof CoverageSummary>;

/** Patrol density of an H3 cell: clean fixes, and the time of the last. */
export const HeatCell = z.object({ h3: z.string(), count: z.number(), lastVisit: Timestamp });
export type HeatCell = z.infer<typeof HeatCell>;

const Passes = { passes: z.number(), status: PassStatus, requiredPasses: z.number(), passTimes: z.array(Timestamp) };
export const TargetPasses = z.object({ targetId: z.number(), gridId: z.number(), squadId: z.number(), name: z.string(), kind: z.string(), ...Passes });
export const CellPasses = z.object({
  cellId: z.number(),
  gridId: z.number(),
  squadId: z.number(),
  roadId: z.number(),
  seq: z.number(),
  lengthM: z.number(),
  ...Passes,
});

/** A worker not qualified on a day (R15), with what they left undone. */
export const Unqualified = z.object({
  workerId: z.number().nullable(),
  worker: z.string().nullable(),
  gridId: z.number(),
  gridCode: z.string(),
  gridName: z.string(),
  squadId: z.number(),
  targets: z.number(),
  complete: z.number(),
  completion: ratio,
  roadDouble: ratio,
  patrolMinutes: z.number(),
  cellsLeft: z.number(),
  targetsLeft: z.array(z.object({ targetId: z.number(), name: z.string(), passes: z.number(), requiredPasses: z.number() })),
});
export type Unqualified = z.infer<typeof Unqualified>;

export const Notice = z.object({
  date: z.string(),
  source: Source,
  workers: z.number(),
  qualified: z.number(),
  unqualified: z.array(Unqualified),
  published: z.object({ at: Timestamp, by: z.string(), note: z.string() }).nullable(),
});
export type Notice = z.infer<typeof Notice>;

const HistoryDay = CoverageFigures.omit({ cells: true, cellsComplete: true }).extend({ day: z.string(), qualified: z.number(), grids: z.number() });
export type HistoryDay = z.infer<typeof HistoryDay>;

export const DateQuery = SquadQuery.extend({ date: Day.optional() });
const HeatQuery = SquadQuery.extend({ from: Day, to: Day }).refine((q) => q.from <= q.to, { message: 'from is after to', path: ['to'] });
const BlindQuery = SquadQuery.extend({ days: z.coerce.number().int().min(1).max(90).default(7) });
/** The longest history asked at once; a town new to the product can be read that far back. */
export const HISTORY_MAX_DAYS = 90;
const HistoryQuery = SquadQuery.extend({ days: z.coerce.number().int().min(1).max(HISTORY_MAX_DAYS).default(30) });
const RecordBody = z.strictObject({ date: Day });
const PublishBody = z.strictObject({ date: Day, note: z.string().max(500).optional() });

export const coverage = {
  summary: endpoint({ method: 'get', path: '/coverage/summary', query: DateQuery, response: CoverageSummary }),
  heatmap: endpoint({
    method: 'get',
    path: '/heatmap',
    query: HeatQuery,
    response: z.object({ from: z.string(), to: z.string(), resolution: z.number(), cells: z.array(HeatCell) }),
  }),
  blindSpots: endpoint({
    method: 'get',
    path: '/coverage/blind-spots',
    query: BlindQuery,
    response: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          id: z.string(),
          geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
          properties: z.object({ h3: z.string(), gridId: z.number() }),
        }),
      ),
      days: z.number(),
      resolution: z.number(),
    }),
  }),
  targets: endpoint({
    method: 'get',
    path: '/coverage/targets',
    query: DateQuery,
    response: z.object({ date: z.string(), source: Source, targets: z.array(TargetPasses) }),
  }),
  roads: endpoint({
    method: 'get',
    path: '/coverage/roads',
    query: DateQuery,
    response: z.object({
      date: z.string(),
      source: Source,
      roads: z.array(
        z.object({
          roadId: z.number(),
          road: z.string(),
          class: z.string(),
          cells: z.number(),
          cellsComplete: z.number(),
          roadM: z.number(),
          roadCompleteM: z.number(),
          roadOnceM: z.number(),
          roadDouble: ratio,
          roadSingle: ratio,
        }),
      ),
      cells: z.array(CellPasses),
    }),
  }),
  notice: endpoint({ method: 'get', path: '/coverage/notice', query: DateQuery, response: Notice }),
  publish: endpoint({ method: 'post', path: '/coverage/notice', body: PublishBody, response: z.object({ date: z.string(), published: z.number() }) }),
  history: endpoint({
    method: 'get',
    path: '/coverage/history',
    query: HistoryQuery,
    response: z.object({
      from: z.string(),
      to: z.string(),
      squads: z.array(z.object({ squadId: z.number(), days: z.array(HistoryDay) })),
      grids: z.array(z.object({ gridId: z.number(), days: z.array(HistoryDay) })),
    }),
  }),
  record: endpoint({ method: 'post', path: '/coverage/record', body: RecordBody, response: CoverageSummary }),
};
