// Assessment and awards (R20-R29): the records of each kind the brigade enters, the month computed and
// explained, and the monthly list with its public notice; each endpoint's request and answer.
import { z } from 'zod';
import { endpoint, raw, Timestamp } from '../core/contract.ts';
import { Day, Id, Month, SquadQuery } from '../core/schemas.ts';
import { INELIGIBLE_REASONS } from './score.ts';
import { RECTIFICATION_KINDS } from './rectification.ts';
import { SAMPLE_RESULTS } from './sampling.ts';

const Instant = z.iso.datetime({ offset: true });
const Note = z.string().max(500).default('');
/** A score of a test or of the city platform: 0 to 100 (R23). */
const Score = z.number().min(0).max(100);
const Weight = z.number().min(0).max(100);

export const SettingsBody = z.strictObject({
  effectiveFrom: Day,
  categoryWeights: z.record(z.string().regex(/^\d{2}(\d{2})?$/, 'a 2-digit major class or a 4-digit category'), Weight),
  defaultCategoryWeight: Weight,
  gridClassRatios: z.strictObject({ 1: Weight, 2: Weight, 3: Weight }),
  dailyExcellentPerClass: z.number().int().min(0).max(100),
  pointsPerEvent: Weight,
  sampleHouseholds: z.number().int().min(1).max(1000),
  samplePeople: z.number().int().min(1).max(1000),
  passMark: Score,
  pointsPerRectification: Weight,
  pointsPerFailedCheck: Weight,
  partMax: z.strictObject({
    patrol: Weight,
    events: Weight,
    basicInfo: Weight,
    study: Weight,
    publicity: Weight,
    rectification: Weight,
    conduct: Weight,
  }),
  onlineShare: z.number().min(0).max(1),
  standard: z.strictObject({
    minQualifiedShare: z.number().min(0).max(1),
    minCollectionRate: z.number().min(0).max(1),
    maxMissedDeregistrationRate: z.number().min(0).max(1),
    minAccuracy: z.number().min(0).max(1),
  }),
  bonus: z.strictObject({
    majorHazard: Weight,
    commendation: z.strictObject({ national: Weight, provincial: Weight, city: Weight, district: Weight }),
    cap: Weight,
  }),
  monthlyAwards: z.number().int().min(1).max(1000),
  annualAwards: z.number().int().min(1).max(1000),
  annualMinMonthlyAwards: z.number().int().min(0).max(12),
  annualMinTenureYears: z.number().int().min(0).max(50),
  noticeDays: z.number().int().min(1).max(30),
  cut: z.enum(['start_of_last_day', 'end_of_month']),
});

const Created = z.object({ id: z.number() });

/** R22: a sample is of a worker's households or of their people (实有人口, registered residents of the grid). */
export const SAMPLE_SUBJECTS = ['households', 'people'] as const;
export const SampleBody = z.strictObject({
  workerId: Id,
  subject: z.enum(SAMPLE_SUBJECTS).default('households'),
  /** A full check (全员考核) takes every household (person) of the grid; otherwise `size` or the period's sample size. */
  full: z.boolean().default(false),
  size: z.number().int().min(1).max(10_000).optional(),
  /** The seed of the draw; the default is the worker and the day, so the draw can be repeated. */
  seed: z.string().min(1).max(100).optional(),
});
export const Sample = z.object({
  id: z.number(),
  workerId: z.number(),
  gridId: z.number(),
  subject: z.enum(SAMPLE_SUBJECTS),
  seed: z.string(),
  /** The households drawn (a sample of households), or none. */
  householdIds: z.array(z.number()),
  /** The people drawn (a sample of people), or none. */
  residentIds: z.array(z.number()),
});

export const SampleResultsBody = z.strictObject({
  checkedAt: Instant,
  results: z
    .array(
      z
        .strictObject({ householdId: Id.optional(), residentId: Id.optional(), result: z.enum(SAMPLE_RESULTS), note: Note })
        .refine((r) => (r.householdId === undefined) !== (r.residentId === undefined), 'a result is of one household (householdId) or one person (residentId)'),
    )
    .min(1)
    .max(10_000),
});

export const SessionBody = z.strictObject({ title: z.string().min(1).max(200), heldAt: Instant });
export const ScoresBody = z.strictObject({
  scores: z
    .array(z.strictObject({ workerId: Id, score: Score, takenAt: Instant }))
    .min(1)
    .max(10_000),
});
export const Imported = z.object({ imported: z.number() });

export const PublicityTaskBody = z.strictObject({ title: z.string().min(1).max(200), givenAt: Instant, deadline: Instant });
export const EvidenceBody = z.strictObject({ workerId: Id, kind: z.enum(['screenshot', 'photo']), submittedAt: Instant, note: Note });
export const RectificationBody = z.strictObject({ workerId: Id, day: Day, kind: z.enum(RECTIFICATION_KINDS), incidentId: Id.optional(), note: Note });
export const TaskBody = z.strictObject({ workerId: Id, title: z.string().min(1).max(200), deadline: Instant });
export const CompleteBody = z.strictObject({ completedAt: Instant });
export const CheckBody = z.strictObject({ workerId: Id, checkedAt: Instant, onTime: z.boolean(), kit: z.boolean(), conduct: z.boolean(), note: Note });
export const ComplaintBody = z.strictObject({ workerId: Id, receivedAt: Instant, summary: z.string().min(1).max(1000), upheld: z.boolean() });
export const BonusBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('major_hazard'), workerId: Id, awardedAt: Instant, incidentId: Id.optional(), note: Note }),
  z.strictObject({
    kind: z.literal('commendation'),
    workerId: Id,
    awardedAt: Instant,
    level: z.enum(['national', 'provincial', 'city', 'district']),
    note: Note,
  }),
]);
export const OnlineScoresBody = z.strictObject({
  month: Month,
  scores: z
    .array(z.strictObject({ workerId: Id, score: Score }))
    .min(1)
    .max(20_000),
});

const MonthQuery = SquadQuery.extend({ month: Month.optional() });
const PeriodOut = z.object({ month: z.string(), start: Timestamp, end: Timestamp, firstDay: z.string(), lastDay: z.string() });

const Ref = z.object({ kind: z.string(), id: z.string() });
export const PointLine = z.object({ part: z.string(), points: z.number(), basis: z.record(z.string(), z.number()), refs: z.array(Ref) });
/** R40: reasons a squad leader may not see (a complaint, a faked-evidence mark) are given to them as `withheld`. */
const Reason = z.enum([...INELIGIBLE_REASONS, 'withheld']);

export const MonthRow = z.object({
  workerId: z.number(),
  worker: z.string(),
  squadId: z.number(),
  gridId: z.number(),
  gridClass: z.number(),
  onSite: z.number(),
  online: z.number().nullable(),
  bonus: z.number(),
  total: z.number(),
  rank: z.number().nullable(),
  awarded: z.boolean(),
  ineligible: z.array(Reason),
});
export type MonthRow = z.infer<typeof MonthRow>;
export const MonthAnswer = z.object({ period: PeriodOut, workers: z.array(MonthRow) });

export const WorkerMonthAnswer = z.object({
  period: PeriodOut,
  worker: MonthRow,
  lines: z.array(PointLine),
  dutyDays: z.number(),
  qualifiedDays: z.number(),
  sample: z
    .object({
      checked: z.number(),
      correct: z.number(),
      personMissing: z.number(),
      notDeregistered: z.number(),
      wrongDetail: z.number(),
      collectionRate: z.number(),
      missedDeregistrationRate: z.number(),
      accuracy: z.number(),
    })
    .nullable(),
  study: z.array(z.object({ sessionId: z.number(), status: z.string() })),
  /** Present only for the roles that may see complaints (R40). */
  complaints: z.array(Ref).optional(),
});

const Stage = z.enum(['draft', 'on_notice', 'awaiting_confirmation', 'final']);
export const AwardList = z.object({
  month: z.string(),
  stage: Stage,
  publishedAt: Timestamp.nullable(),
  noticeEnds: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  awarded: z.array(z.object({ workerId: z.number(), worker: z.string(), squadId: z.number(), rank: z.number(), total: z.number() })),
  feedback: z.array(z.object({ id: z.number(), workerId: z.number(), body: z.string(), by: z.string(), at: Timestamp })),
});
const MonthBody = z.strictObject({ month: Month });
export const FeedbackBody = z.strictObject({ month: Month, workerId: Id, body: z.string().min(1).max(1000) });

const Rates = z.object({
  checked: z.number(),
  correct: z.number(),
  personMissing: z.number(),
  notDeregistered: z.number(),
  wrongDetail: z.number(),
  collectionRate: z.number(),
  missedDeregistrationRate: z.number(),
  accuracy: z.number(),
});

/** R21: the day's event collection per grid class, ranked, with its 评优. */
export const DayEventRow = z.object({
  workerId: z.number(),
  worker: z.string(),
  squadId: z.number(),
  gridId: z.number(),
  gridClass: z.number(),
  count: z.number(),
  weighted: z.number(),
  judged: z.number(),
  rank: z.number(),
  excellent: z.boolean(),
  events: z.array(z.object({ id: z.number(), categoryCode: z.string(), weight: z.number(), ratio: z.number(), judged: z.number() })),
});
export type DayEventRow = z.infer<typeof DayEventRow>;
export const DayEventsAnswer = z.object({
  day: z.string(),
  excellentPerClass: z.number(),
  ratios: z.object({ 1: z.number(), 2: z.number(), 3: z.number() }),
  classes: z.array(z.object({ gridClass: z.number(), rows: z.array(DayEventRow) })),
});

const KindCounts = { urged: z.number(), verified_party: z.number(), verified_department: z.number(), total: z.number() };
/** R20: rectifications urged and verified per worker per day, and the squads' tallies. */
export const RectificationsAnswer = z.object({
  period: PeriodOut,
  days: z.array(z.object({ workerId: z.number(), worker: z.string(), squadId: z.number(), day: z.string(), ...KindCounts, refs: z.array(z.string()) })),
  squadDays: z.array(z.object({ squadId: z.number(), day: z.string(), ...KindCounts })),
  squads: z.array(z.object({ squadId: z.number(), ...KindCounts })),
});

/** R22: the rates of the inspection team's samples and full checks per worker, grid, squad and the month. */
export const BasicInfoAnswer = z.object({
  period: PeriodOut,
  town: Rates.nullable(),
  squads: z.array(Rates.extend({ squadId: z.number() })),
  grids: z.array(Rates.extend({ gridId: z.number(), squadId: z.number() })),
  workers: z.array(
    Rates.extend({ workerId: z.number(), worker: z.string(), squadId: z.number(), gridId: z.number(), households: z.number(), people: z.number() }),
  ),
});

/** One record a point came from, as the drill-down shows it. */
export const RecordOut = z.object({
  kind: z.string(),
  id: z.string(),
  when: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export const RecordsAnswer = z.object({ part: z.string(), points: z.number(), records: z.array(RecordOut) });
export const EvidenceFile = z.object({ id: z.number(), mime: z.string(), size: z.number(), sha256: z.string(), url: z.string() });

/** R22: a drawn sample as the inspection team checks it on site: each household or person with where to find it, and the results so far. */
export const SampleDetail = Sample.extend({
  squadId: z.number(),
  fullCheck: z.boolean(),
  at: Timestamp,
  households: z.array(z.object({ id: z.number(), address: z.string(), size: z.number() })),
  people: z.array(z.object({ id: z.number(), name: z.string(), gender: z.string().nullable(), birthYear: z.number().nullable(), address: z.string() })),
  results: z.array(z.object({ householdId: z.number().nullable(), residentId: z.number().nullable(), result: z.enum(SAMPLE_RESULTS), note: z.string() })),
});

const Named = { workerId: z.number(), worker: z.string(), squadId: z.number() };
/**
 * The records entered in a month that the entry forms act on (R20-R24, R28): the samples, the sessions with
 * each worker's scores and status (R23), the publicity tasks with their evidence and files, the tasks and
 * checks, the online scores and bonuses; scoped rows, complaints and faked marks per R40.
 */
export const LedgerAnswer = z.object({
  period: PeriodOut,
  samples: z.array(
    z.object({
      id: z.number(),
      ...Named,
      gridId: z.number(),
      subject: z.enum(SAMPLE_SUBJECTS),
      fullCheck: z.boolean(),
      size: z.number(),
      checked: z.number(),
      at: Timestamp,
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      heldAt: Timestamp,
      results: z.array(z.object({ ...Named, status: z.enum(['passed', 'retest_due', 'failed', 'absent']), scores: z.array(z.number()) })),
    }),
  ),
  publicity: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      givenAt: Timestamp,
      deadline: Timestamp,
      evidence: z.array(
        z.object({
          id: z.number(),
          ...Named,
          kind: z.enum(['screenshot', 'photo']),
          submittedAt: Timestamp,
          note: z.string(),
          /** null for the roles that may not see the mark (R40). */
          faked: z.boolean().nullable(),
          files: z.array(z.object({ id: z.number(), mime: z.string(), url: z.string() })),
        }),
      ),
    }),
  ),
  tasks: z.array(z.object({ id: z.number(), ...Named, title: z.string(), deadline: Timestamp, completedAt: Timestamp.nullable() })),
  checks: z.array(z.object({ id: z.number(), ...Named, checkedAt: Timestamp, onTime: z.boolean(), kit: z.boolean(), conduct: z.boolean(), note: z.string() })),
  /** Present only for the roles that may see complaints (R40). */
  complaints: z.array(z.object({ id: z.number(), ...Named, receivedAt: Timestamp, summary: z.string(), upheld: z.boolean() })).optional(),
  online: z.array(z.object({ id: z.number(), ...Named, score: z.number() })),
  bonuses: z.array(
    z.object({
      id: z.number(),
      ...Named,
      kind: z.enum(['major_hazard', 'commendation']),
      level: z.string().nullable(),
      awardedAt: Timestamp,
      note: z.string(),
    }),
  ),
});

const post = <B extends z.ZodType>(path: string, body: B) => endpoint({ method: 'post', path, body, response: Created, status: 201 });
const IdParams = z.strictObject({ id: Id });

export const assessment = {
  settings: endpoint({ method: 'get', path: '/assessment/settings', response: z.object({ defaults: SettingsBody, periods: z.array(SettingsBody) }) }),
  setSettings: endpoint({ method: 'post', path: '/assessment/settings', body: SettingsBody, response: SettingsBody, status: 201 }),
  ledger: endpoint({ method: 'get', path: '/assessment/ledger', query: MonthQuery, response: LedgerAnswer }),
  sample: endpoint({ method: 'get', path: '/assessment/samples/:id', params: IdParams, response: SampleDetail }),
  drawSample: endpoint({ method: 'post', path: '/assessment/samples', body: SampleBody, response: Sample, status: 201 }),
  sampleResults: endpoint({
    method: 'post',
    path: '/assessment/samples/:id/results',
    params: IdParams,
    body: SampleResultsBody,
    response: Imported,
    status: 201,
  }),
  session: post('/assessment/training', SessionBody),
  scores: endpoint({ method: 'post', path: '/assessment/training/:id/scores', params: IdParams, body: ScoresBody, response: Imported, status: 201 }),
  publicityTask: post('/assessment/publicity', PublicityTaskBody),
  evidence: endpoint({ method: 'post', path: '/assessment/publicity/:id/evidence', params: IdParams, body: EvidenceBody, response: Created, status: 201 }),
  markFaked: endpoint({ method: 'post', path: '/assessment/evidence/:id/faked', params: IdParams, response: z.object({ ok: z.literal(true) }) }),
  rectification: post('/assessment/rectifications', RectificationBody),
  task: post('/assessment/tasks', TaskBody),
  completeTask: endpoint({
    method: 'post',
    path: '/assessment/tasks/:id/complete',
    params: IdParams,
    body: CompleteBody,
    response: z.object({ ok: z.literal(true) }),
  }),
  check: post('/assessment/checks', CheckBody),
  complaint: post('/assessment/complaints', ComplaintBody),
  bonus: post('/assessment/bonuses', BonusBody),
  onlineScores: endpoint({ method: 'post', path: '/assessment/online-scores', body: OnlineScoresBody, response: Imported, status: 201 }),
  importOnlineScores: endpoint({
    method: 'post',
    path: '/assessment/online-scores/import',
    query: z.strictObject({ month: Month }),
    response: Imported,
    status: 201,
  }),
  month: endpoint({ method: 'get', path: '/assessment/month', query: MonthQuery, response: MonthAnswer }),
  workerMonth: endpoint({
    method: 'get',
    path: '/assessment/workers/:id/month',
    params: IdParams,
    query: z.strictObject({ month: Month.optional() }),
    response: WorkerMonthAnswer,
  }),
  awards: endpoint({ method: 'get', path: '/assessment/awards', query: MonthQuery, response: AwardList }),
  publish: endpoint({ method: 'post', path: '/assessment/awards/publish', body: MonthBody, response: AwardList, status: 201 }),
  feedback: post('/assessment/awards/feedback', FeedbackBody),
  confirm: endpoint({ method: 'post', path: '/assessment/awards/confirm', body: MonthBody, response: AwardList }),
  export: endpoint({
    method: 'get',
    path: '/assessment/month.xlsx',
    query: MonthQuery,
    response: raw('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the month’s ranking with Chinese headers'),
  }),
  dayEvents: endpoint({ method: 'get', path: '/assessment/events/day', query: SquadQuery.extend({ date: Day.optional() }), response: DayEventsAnswer }),
  rectifications: endpoint({ method: 'get', path: '/assessment/rectifications', query: MonthQuery, response: RectificationsAnswer }),
  basicInfo: endpoint({ method: 'get', path: '/assessment/basic-info', query: MonthQuery, response: BasicInfoAnswer }),
  importScores: endpoint({
    method: 'post',
    path: '/assessment/training/:id/scores/import',
    params: IdParams,
    response: Imported,
    status: 201,
  }),
  evidenceFile: endpoint({ method: 'post', path: '/assessment/evidence/:id/files', params: IdParams, response: EvidenceFile, status: 201 }),
  evidenceFileGet: endpoint({
    method: 'get',
    path: '/assessment/evidence/:id/files/:photo',
    params: z.strictObject({ id: Id, photo: Id }),
    response: raw('image/*', 'the photo or screenshot, as stored'),
  }),
  workerRecords: endpoint({
    method: 'get',
    path: '/assessment/workers/:id/records',
    params: IdParams,
    query: z.strictObject({
      month: Month.optional(),
      part: z.enum(['patrol', 'events', 'basicInfo', 'study', 'publicity', 'rectification', 'conduct', 'online', 'bonus']),
    }),
    response: RecordsAnswer,
  }),
};
