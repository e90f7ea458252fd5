// The incident case workflow (R18-R20, R31) as a pure state machine: 发现 → 立案 → 派遣 → 处置 → 核查 →
// 反馈 → 结案, with on-the-spot handling by the grid worker (R18), escalation 村居 → 镇 → 市 (R19),
// rework, extension of a deadline and postponement. The server enforces it; clients use it to offer only
// the actions the state allows.

import type { IncidentSummary } from './contract.ts';
import { INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_STATES, type IncidentAction, type IncidentLevel, type IncidentState } from './states.ts';

export { INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_STATES, type IncidentAction, type IncidentLevel, type IncidentState };

/** What the state machine looks at besides the state. */
export interface CaseFacts {
  state: IncidentState;
  level: IncidentLevel;
  /** The class allows the grid worker to resolve it on the spot (R18). */
  onSpot: boolean;
  /** An extension request waits for a decision. */
  extensionPending: boolean;
}

/** Where an action leads: the next state and level, and whether a deadline runs from now. */
export interface Transition {
  state: IncidentState;
  level: IncidentLevel;
}

const ACTIVE: IncidentState[] = ['reported', 'registered', 'dispatched', 'in_progress'];

/** The result of an action in a case, or null when the state does not allow it. */
export function transition(c: CaseFacts, action: IncidentAction): Transition | null {
  const to = (state: IncidentState, level = c.level): Transition => ({ state, level });
  switch (action) {
    case 'register':
      return c.state === 'reported' ? to('registered') : null;
    case 'reject':
      return c.state === 'reported' ? to('rejected') : null;
    case 'resolve_on_spot':
      return c.state === 'reported' && c.onSpot ? to('handled') : null;
    case 'merge':
      return c.state === 'reported' || c.state === 'registered' ? to('merged') : null;
    case 'dispatch':
      return c.state === 'registered' || c.state === 'dispatched' ? to('dispatched') : null;
    case 'accept':
      return c.state === 'dispatched' ? to('in_progress') : null;
    case 'handle':
      return c.state === 'in_progress' ? to('handled') : null;
    case 'verify':
      return c.state === 'handled' ? to('verified') : null;
    case 'rework':
      return c.state === 'handled' ? to('dispatched') : null;
    case 'feedback':
      return c.state === 'verified' ? to('fed_back') : null;
    case 'close':
      return c.state === 'fed_back' ? to('closed') : null;
    case 'escalate':
      // Village → town: the town's duty officers register and dispatch it. Town → city: it waits for the city.
      if (!ACTIVE.includes(c.state) || c.level === 'city') return null;
      return c.level === 'village' ? to('registered', 'town') : to('escalated', 'city');
    case 'city_result':
      return c.state === 'escalated' ? to('handled') : null;
    case 'request_extension':
      return (c.state === 'dispatched' || c.state === 'in_progress') && !c.extensionPending ? to(c.state) : null;
    case 'approve_extension':
    case 'refuse_extension':
      return c.extensionPending && (c.state === 'dispatched' || c.state === 'in_progress') ? to(c.state) : null;
    case 'postpone':
      return c.state === 'registered' || c.state === 'dispatched' || c.state === 'in_progress' ? to('postponed') : null;
    case 'resume':
      return c.state === 'postponed' ? to('registered') : null;
  }
}

/** The actions a case allows now. */
export const allowedActions = (c: CaseFacts): IncidentAction[] => INCIDENT_ACTIONS.filter((a) => transition(c, a) !== null);

/** A case that needs nobody any more. */
export const isFinal = (s: IncidentState) => s === 'closed' || s === 'rejected' || s === 'merged';

/** States whose clock is running against the deadline (the case is with someone to handle). */
export const isOpen = (s: IncidentState) => !isFinal(s);

/** Who may take each action (the server also checks scope and assignment). */
export const ACTION_ROLES: Record<IncidentAction, readonly string[]> = {
  register: ['duty', 'admin'],
  reject: ['duty', 'admin'],
  resolve_on_spot: ['worker', 'duty', 'admin'],
  merge: ['duty', 'admin'],
  dispatch: ['duty', 'admin'],
  accept: ['worker', 'department', 'duty', 'admin'],
  handle: ['worker', 'department', 'duty', 'admin'],
  verify: ['inspector', 'worker', 'duty', 'admin'],
  rework: ['inspector', 'worker', 'duty', 'admin'],
  feedback: ['duty', 'admin'],
  close: ['duty', 'admin'],
  escalate: ['duty', 'admin', 'squad_leader'],
  city_result: ['duty', 'admin'],
  request_extension: ['worker', 'department', 'duty', 'admin'],
  approve_extension: ['leader', 'duty', 'admin'],
  refuse_extension: ['leader', 'duty', 'admin'],
  postpone: ['leader', 'duty', 'admin'],
  resume: ['leader', 'duty', 'admin'],
};

/** Urgency of an open case against its deadline: warning from 80 % of the time limit, overdue after it. */
export type Urgency = 'normal' | 'warning' | 'overdue';
export function urgencyOf(startedAt: number, deadline: number | null, now: number): Urgency {
  if (deadline === null) return 'normal';
  if (now > deadline) return 'overdue';
  return now >= startedAt + 0.8 * (deadline - startedAt) ? 'warning' : 'normal';
}

/** Names of states, actions and deadline events for the screens, in Chinese and English. */
export const INCIDENT_LABELS: Record<IncidentState | IncidentAction | 'report' | 'warning' | 'overdue' | 'attach', { zh: string; en: string }> = {
  reported: { zh: '待立案', en: 'Reported' },
  registered: { zh: '已立案', en: 'Registered' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  in_progress: { zh: '处置中', en: 'In progress' },
  handled: { zh: '待核查', en: 'Handled' },
  escalated: { zh: '市级办理', en: 'With the city' },
  verified: { zh: '待反馈', en: 'Verified' },
  fed_back: { zh: '待结案', en: 'Fed back' },
  closed: { zh: '已结案', en: 'Closed' },
  rejected: { zh: '不予立案', en: 'Rejected' },
  postponed: { zh: '缓办', en: 'Postponed' },
  merged: { zh: '已合并', en: 'Merged' },
  report: { zh: '新上报', en: 'New report' },
  register: { zh: '立案', en: 'Register' },
  reject: { zh: '不予立案', en: 'Reject' },
  resolve_on_spot: { zh: '现场处置', en: 'Resolved on the spot' },
  merge: { zh: '合并', en: 'Merge' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '接单', en: 'Accept' },
  handle: { zh: '处置完毕', en: 'Handled' },
  verify: { zh: '核查通过', en: 'Verify' },
  rework: { zh: '返工', en: 'Rework' },
  feedback: { zh: '反馈', en: 'Feedback' },
  close: { zh: '结案', en: 'Close' },
  escalate: { zh: '升级上报', en: 'Escalate' },
  city_result: { zh: '市级办结', en: 'City result' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  refuse_extension: { zh: '驳回延期', en: 'Refuse extension' },
  postpone: { zh: '挂账缓办', en: 'Postpone' },
  resume: { zh: '恢复办理', en: 'Resume' },
  warning: { zh: '临期预警', en: 'Deadline near' },
  overdue: { zh: '已超期', en: 'Overdue' },
  attach: { zh: '上传照片', en: 'Photo added' },
};

/** What every client may see of an incident: its schema is in the contract. */
export type { IncidentSummary };

/** A change pushed over socket.io as `incident:update`, with a rising sequence number. */
export interface IncidentUpdate {
  seq: number;
  /** The action or event that changed it: 'report', a workflow action, 'warning', 'overdue'. */
  event: string;
  incident: IncidentSummary;
}
