// Rewards (R25), the year's 年度十佳 (R27), the public notice's feedback answered (R29), the criticism notice
// for faked publicity evidence (R23) and the wall's masked monthly awards (R40): each endpoint's request and answer.
import { z } from 'zod';
import { endpoint, raw, Timestamp } from '../core/contract.ts';
import { Day, Id, Month, SquadQuery } from '../core/schemas.ts';
import { REWARD_CATEGORIES, REWARD_STATES, REWARD_STEPS } from './rewards.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Note = z.string().max(500).default('');
export const Year = z.coerce.number().int().min(2000).max(2100);

/** The fields of 《西岗镇社会治安综合治理个人奖励申报表》 (R25). */
export const RewardBody = z.strictObject({
  workerId: Id,
  gender: z.enum(['男', '女']),
  age: z.number().int().min(16).max(80),
  politicalStatus: Text(20),
  unit: Text(100),
  post: Text(50),
  phone: z.string().regex(/^[0-9+\- ]{5,20}$/, 'a phone number'),
  category: z.enum(REWARD_CATEGORIES),
  deedOn: Day,
  deedPlace: Text(200),
  deed: Text(4000),
  proofBy: Text(100),
  rewardAsked: Text(200),
});

const Step = z.object({ by: z.string(), at: Timestamp, note: z.string() }).nullable();

export const RewardApplication = z.object({
  id: z.number(),
  workerId: z.number(),
  squadId: z.number(),
  name: z.string(),
  gender: z.string(),
  age: z.number(),
  politicalStatus: z.string(),
  unit: z.string(),
  post: z.string(),
  phone: z.string(),
  category: z.enum(REWARD_CATEGORIES),
  deedOn: z.string(),
  deedPlace: z.string(),
  deed: z.string(),
  proofBy: z.string(),
  rewardAsked: z.string(),
  state: z.enum(REWARD_STATES),
  /** The step it waits for; null when paid or rejected. */
  next: z.enum(REWARD_STEPS).nullable(),
  submitted: z.object({ by: z.string(), at: Timestamp }),
  checked: Step,
  confirmed: Step,
  approved: Step,
  paid: z.object({ by: z.string(), at: Timestamp, meetingOn: z.string(), amount: z.number() }).nullable(),
  rejected: z.object({ by: z.string(), at: Timestamp, step: z.enum(REWARD_STEPS), reason: z.string() }).nullable(),
  proofs: z.array(z.object({ id: z.number(), mime: z.string(), size: z.number(), at: Timestamp, url: z.string() })),
});
export type RewardApplication = z.infer<typeof RewardApplication>;

export const RewardSummary = RewardApplication.pick({
  id: true,
  workerId: true,
  squadId: true,
  name: true,
  category: true,
  deedOn: true,
  rewardAsked: true,
  state: true,
  next: true,
}).extend({ submittedAt: Timestamp });

const IdParams = z.strictObject({ id: Id });
const NoteBody = z.strictObject({ note: Note });
export const PayBody = z.strictObject({ meetingOn: Day, amount: z.number().positive().max(1_000_000), note: Note });
export const RejectBody = z.strictObject({ reason: Text(1000) });

const Period = z.object({ start: Timestamp, end: Timestamp, firstDay: z.string(), lastDay: z.string() });
const Stage = z.enum(['draft', 'on_notice', 'awaiting_confirmation', 'final']);

export const Feedback = z.object({
  id: z.number(),
  listKind: z.enum(['monthly', 'annual']),
  period: z.string(),
  workerId: z.number(),
  worker: z.string(),
  body: z.string(),
  by: z.string(),
  at: Timestamp,
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: Timestamp.nullable(),
});

export const AnnualRow = z.object({
  workerId: z.number(),
  worker: z.string(),
  squadId: z.number(),
  hiredOn: z.string(),
  monthlyAwards: z.number(),
  score: z.number(),
  rank: z.number().nullable(),
  awarded: z.boolean(),
  ineligible: z.array(z.enum(['tenure', 'monthly_awards'])),
});
export type AnnualRow = z.infer<typeof AnnualRow>;

export const AnnualList = z.object({
  year: z.number(),
  period: Period,
  /** The day at whose 00:00 the year's statistics end (31 December, R27). */
  cutDay: z.string(),
  stage: Stage,
  publishedAt: Timestamp.nullable(),
  noticeEnds: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  workers: z.array(AnnualRow),
});

export const CriticismNotice = z.object({
  month: z.string(),
  period: Period,
  entries: z.array(
    z.object({
      evidenceId: z.number(),
      workerId: z.number(),
      worker: z.string(),
      squadId: z.number(),
      task: z.string(),
      kind: z.string(),
      submittedAt: Timestamp,
      markedBy: z.string(),
      markedAt: Timestamp,
    }),
  ),
});

export const WallAwards = z.object({
  month: z.string().nullable(),
  stage: Stage,
  awarded: z.array(z.object({ rank: z.number(), worker: z.string(), squad: z.string() })),
});

const YearBody = z.strictObject({ year: Year });

export const awards = {
  rewards: endpoint({
    method: 'get',
    path: '/assessment/rewards',
    query: SquadQuery.extend({ state: z.enum(REWARD_STATES).optional() }),
    response: z.object({ applications: z.array(RewardSummary) }),
  }),
  createReward: endpoint({ method: 'post', path: '/assessment/rewards', body: RewardBody, response: RewardApplication, status: 201 }),
  reward: endpoint({ method: 'get', path: '/assessment/rewards/:id', params: IdParams, response: RewardApplication }),
  attachProof: endpoint({
    method: 'post',
    path: '/assessment/rewards/:id/proof',
    params: IdParams,
    response: z.object({ id: z.number(), mime: z.string(), size: z.number(), url: z.string() }),
    status: 201,
  }),
  proof: endpoint({
    method: 'get',
    path: '/assessment/reward-proofs/:id',
    params: IdParams,
    response: raw(null, 'the written proof as stored (PDF, JPEG or PNG)'),
  }),
  check: endpoint({ method: 'post', path: '/assessment/rewards/:id/check', params: IdParams, body: NoteBody, response: RewardApplication }),
  confirm: endpoint({ method: 'post', path: '/assessment/rewards/:id/confirm', params: IdParams, body: NoteBody, response: RewardApplication }),
  approve: endpoint({ method: 'post', path: '/assessment/rewards/:id/approve', params: IdParams, body: NoteBody, response: RewardApplication }),
  pay: endpoint({ method: 'post', path: '/assessment/rewards/:id/pay', params: IdParams, body: PayBody, response: RewardApplication }),
  reject: endpoint({ method: 'post', path: '/assessment/rewards/:id/reject', params: IdParams, body: RejectBody, response: RewardApplication }),

  annual: endpoint({ method: 'get', path: '/assessment/annual', query: SquadQuery.extend({ year: Year }), response: AnnualList }),
  publishAnnual: endpoint({ method: 'post', path: '/assessment/annual/publish', body: YearBody, response: AnnualList, status: 201 }),
  annualFeedback: endpoint({
    method: 'post',
    path: '/assessment/annual/feedback',
    body: z.strictObject({ year: Year, workerId: Id, body: Text(1000) }),
    response: z.object({ id: z.number() }),
    status: 201,
  }),
  confirmAnnual: endpoint({ method: 'post', path: '/assessment/annual/confirm', body: YearBody, response: AnnualList }),

  feedback: endpoint({
    method: 'get',
    path: '/assessment/feedback',
    query: z.strictObject({
      kind: z.enum(['monthly', 'annual']).optional(),
      period: z
        .string()
        .regex(/^\d{4}(-\d{2})?$/)
        .optional(),
    }),
    response: z.object({ feedback: z.array(Feedback) }),
  }),
  myFeedback: endpoint({ method: 'get', path: '/assessment/feedback/mine', response: z.object({ feedback: z.array(Feedback) }) }),
  answer: endpoint({
    method: 'post',
    path: '/assessment/feedback/:id/answer',
    params: IdParams,
    body: z.strictObject({ answer: Text(1000) }),
    response: Feedback,
  }),

  criticism: endpoint({ method: 'get', path: '/assessment/criticism', query: z.strictObject({ month: Month }), response: CriticismNotice }),
  wall: endpoint({ method: 'get', path: '/assessment/wall-awards', query: z.strictObject({ month: Month.optional() }), response: WallAwards }),
};
