// Rewards (R25): a worker's deed verified by the police or a department, applied for on the form
// 《西岗镇社会治安综合治理个人奖励申报表》, checked by the squad (网格巡查中队), confirmed by the brigade (大队组织考查确认),
// approved by the town (报镇审批), then paid at a commendation meeting (召开表彰会，发放奖金). A pure machine: which
// step comes next, who may take it, and what a rejection at a step leaves. Also the monthly and annual
// lists' helpers of R27 and the wall's masking of R40.
import type { Role } from '../core/roles.ts';

/** The source's cases that are rewarded (R25, items 1–7 of the reward rules). */
export const REWARD_CATEGORIES = [
  'detention_tip', // (1) 隐患信息经公安核实，能对相对人处以治安拘留的重点人群（窝点）信息
  'public_security_case', // (2) 协助侦破一般治安案件或协助职能部门查处有较大社会影响的违法案件
  'criminal_case', // (3) 协助破获刑事案件，嫌疑人被处以刑事拘留以上
  'major_case', // (4) 协助破获抢劫、强奸、杀人……等重大案件
  'serious_case', // (5) 协助破获具有较大社会影响的重特大案件
  'disaster_relief', // (6) 抢险救灾、参与或防止重大事故发生
  'bravery', // (7) 报请上级机关予以"见义勇为奖"
] as const;
export type RewardCategory = (typeof REWARD_CATEGORIES)[number];

export const REWARD_CATEGORY_LABELS: Record<RewardCategory, string> = {
  detention_tip: '提供隐患信息经公安核实（治安拘留）',
  public_security_case: '协助侦破一般治安案件',
  criminal_case: '协助破获刑事案件',
  major_case: '协助破获重大案件',
  serious_case: '协助破获重特大案件',
  disaster_relief: '抢险救灾、防止重大事故',
  bravery: '见义勇为',
};

export const REWARD_STATES = ['submitted', 'checked', 'confirmed', 'approved', 'paid', 'rejected'] as const;
export type RewardState = (typeof REWARD_STATES)[number];

/** The steps in their order, each taking an application from one state to the next. */
export const REWARD_STEPS = ['check', 'confirm', 'approve', 'pay'] as const;
export type RewardStep = (typeof REWARD_STEPS)[number];

const FROM: Record<RewardStep, RewardState> = { check: 'submitted', confirm: 'checked', approve: 'confirmed', pay: 'approved' };
const TO: Record<RewardStep, RewardState> = { check: 'checked', confirm: 'confirmed', approve: 'approved', pay: 'paid' };

/**
 * Who takes each step (R25): the squad leader checks (their squad only), the brigade's inspection team
 * (督察队) confirms, the town's leader approves, and the squad or the brigade records the payment at the
 * commendation meeting. The administrator takes none: every step is a person of the chain.
 */
export const STEP_ROLES: Record<RewardStep, readonly Role[]> = {
  check: ['squad_leader'],
  confirm: ['inspector'],
  approve: ['leader'],
  pay: ['inspector', 'squad_leader'],
};

/** Who may apply: the worker themselves, their squad leader, the brigade and the leader. */
export const APPLICANT_ROLES: readonly Role[] = ['admin', 'leader', 'inspector', 'squad_leader', 'worker'];

/** The step an application in `state` waits for; null when it is paid or rejected. */
export function nextStep(state: RewardState): RewardStep | null {
  return REWARD_STEPS.find((s) => FROM[s] === state) ?? null;
}

export type StepRefusal =
  | { code: 'wrong_step'; message: string; expected: RewardStep | null }
  | { code: 'wrong_role'; message: string; roles: readonly Role[] }
  | { code: 'no_proof'; message: string };

export interface StepOutcome {
  ok: true;
  to: RewardState;
}

/**
 * Whether `role` may take `step` (or reject, at the step the application waits for) of an application in
 * `state`: a step cannot be skipped, repeated, or taken by another role; a squad's check needs the written
 * proof attached (R25 (8): 以公安机关或相关职能部门的书面证明及事迹材料为依据).
 */
export function takeStep(state: RewardState, action: RewardStep | 'reject', role: Role, proofs: number): StepOutcome | StepRefusal {
  const due = nextStep(state);
  const step = action === 'reject' ? due : action;
  if (due === null || step !== due)
    return {
      code: 'wrong_step',
      expected: due,
      message: due === null ? `the application is ${state}: no step is left` : `the application is ${state}: it waits for “${due}”, not “${action}”`,
    };
  if (!STEP_ROLES[step].includes(role))
    return { code: 'wrong_role', roles: STEP_ROLES[step], message: `“${step}” is taken by ${STEP_ROLES[step].join(' or ')}` };
  if (action === 'check' && proofs === 0) return { code: 'no_proof', message: 'the written proof of the police or the department is not attached' };
  return { ok: true, to: action === 'reject' ? 'rejected' : TO[step] };
}

/** Proof may be attached while the squad has not checked the application. */
export const proofOpen = (state: RewardState) => state === 'submitted';

/** R27: a worker's monthly awards in a year, counted from the year's final monthly lists. */
export function monthlyAwardsOf(
  lists: readonly { period: string; final: boolean; ranking: readonly { workerId: number; awarded: boolean; total: number }[] }[],
  year: number,
): Map<number, { awards: number; totals: number[] }> {
  const out = new Map<number, { awards: number; totals: number[] }>();
  for (const l of lists) {
    if (!l.period.startsWith(`${year}-`)) continue;
    for (const r of l.ranking) {
      const w = out.get(r.workerId) ?? { awards: 0, totals: [] };
      w.totals.push(r.total);
      if (l.final && r.awarded) w.awards++;
      out.set(r.workerId, w);
    }
  }
  return out;
}
