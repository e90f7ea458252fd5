// The states, actions and levels of an incident case (R18-R20), on their own so that the contract and the
// state machine (machine.ts) both read them.
export const INCIDENT_STATES = [
  'reported', // 上报, waiting to be registered
  'registered', // 立案
  'dispatched', // 已派遣, to a worker or a department
  'in_progress', // 处置中, accepted by the assignee
  'handled', // 已处置, waiting for verification
  'escalated', // 已上报市级, waiting for the city's result
  'verified', // 核查通过
  'fed_back', // 已反馈 to the person who raised it
  'closed', // 结案
  'rejected', // 不予立案
  'postponed', // 挂账/缓办
  'merged', // 合并 into another incident (a duplicate)
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_ACTIONS = [
  'register', // 立案
  'reject', // 不予立案
  'resolve_on_spot', // 现场处置 by the grid worker (R18)
  'dispatch', // 派遣 (again, to re-assign)
  'accept', // 接单
  'handle', // 处置完毕
  'verify', // 核查通过
  'rework', // 返工
  'feedback', // 反馈 to the person who raised it (R19)
  'close', // 结案
  'escalate', // 升级 to the next level (R19)
  'city_result', // the city's result, entered by a duty officer
  'request_extension', // 申请延期
  'approve_extension', // 批准延期
  'refuse_extension', // 驳回延期
  'postpone', // 挂账/缓办
  'resume', // 恢复办理
  'merge', // 合并 into a duplicate's original
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** 村居 → 镇 → 市社会治理综合指挥中心 (R19). */
export const INCIDENT_LEVELS = ['village', 'town', 'city'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];
