// A worker's month (R15, R20-R24, R28): the on-site parts, the online score of the city platform, the bonus
// and the eligibility for the monthly award. Every point says which records it came from.
import { type AssignedTask, type Complaint, type ConductCheck, doneInTime, failedItems } from './conduct.ts';
import { judgeEvent, isCollected, type ReportedEvent } from './events.ts';
import { dayInPeriod, inPeriod, type Period } from './period.ts';
import type { Rectification } from './rectification.ts';
import { type SampleRates, type SampleResult, sampleRates } from './sampling.ts';
import { type CommendationLevel, type GridClass, type Part, type AssessmentSettings, settingsOn } from './settings.ts';
import { type PublicityEvidence, type PublicityStatus, publicityStatus, type SessionResult, sessionResult, type TestScore } from './study.ts';

/** A coverage day of the worker's grid (R15): qualified or not, and whether the worker was on duty (not on leave). */
export interface PatrolDay {
  workerId: number;
  gridId: number;
  day: string;
  qualified: boolean;
  onDuty: boolean;
}

export interface SampleRecord {
  id: number;
  workerId: number;
  at: string;
  result: SampleResult;
}

export interface MonthRecords {
  patrolDays: readonly PatrolDay[];
  /** R21: each event with the class of the grid its worker held on its day (R4); without it, the worker's last grid's. */
  events: readonly (ReportedEvent & { gridClass?: GridClass })[];
  samples: readonly SampleRecord[];
  sessions: readonly { id: number; heldAt: string }[];
  tests: readonly TestScore[];
  publicityTasks: readonly { id: number; givenAt: string; deadline: string }[];
  evidence: readonly PublicityEvidence[];
  rectifications: readonly Rectification[];
  tasks: readonly AssignedTask[];
  checks: readonly ConductCheck[];
  complaints: readonly Complaint[];
  /** The city platform's score of the month (0-100), imported. */
  online: readonly { id: number; workerId: number; score: number }[];
  majorHazards: readonly { id: number; workerId: number; at: string }[];
  commendations: readonly { id: number; workerId: number; at: string; level: CommendationLevel }[];
}

export interface WorkerInfo {
  id: number;
  name: string;
  squadId: number;
  gridClass: GridClass;
  hiredOn: string;
  /** On the post (not on leave or gone) at the cut: only they are candidates. */
  onDutyAtCut: boolean;
}

export type RecordKind =
  | 'coverage_day'
  | 'incident'
  | 'sample_result'
  | 'test_score'
  | 'publicity_evidence'
  | 'publicity_task'
  | 'rectification'
  | 'task'
  | 'conduct_check'
  | 'complaint'
  | 'online_score'
  | 'major_hazard'
  | 'commendation';
export interface RecordRef {
  kind: RecordKind;
  id: string;
}

/** One line of the explanation: the points of a part, the numbers they were worked out from, and the records. */
export interface PointLine {
  part: Part | 'online' | 'bonus';
  points: number;
  basis: Record<string, number>;
  refs: RecordRef[];
}

export const INELIGIBLE_REASONS = [
  'not_on_duty', // not on the post at the cut
  'late', // R28 不迟到不早退
  'kit', // R28 着装整齐、装备齐全
  'conduct', // R28 无违反纪律
  'training', // R23, R28 培训不合格 or not attended
  'faked', // R23 宣传弄虚作假
  'complaint', // R28 无群众投诉
  'patrol', // R28 考核数据达标: qualified days
  'collection', // R22 采集率
  'deregistration', // R22 漏注销率
  'accuracy', // R22 准确率
] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];
/** The reasons as the brigade writes them (R28), for the exported table. */
export const INELIGIBLE_LABELS: Record<IneligibleReason | 'withheld', string> = {
  not_on_duty: '不在岗',
  late: '迟到早退',
  kit: '着装装备不全',
  conduct: '违反纪律',
  training: '培训不合格',
  faked: '宣传弄虚作假',
  complaint: '群众投诉',
  patrol: '巡查未达标',
  collection: '采集率未达标',
  deregistration: '漏注销率超标',
  accuracy: '准确率未达标',
  withheld: '其他',
};

export interface WorkerMonth {
  workerId: number;
  squadId: number;
  gridClass: GridClass;
  lines: PointLine[];
  onSite: number;
  online: number | null;
  bonus: number;
  total: number;
  dutyDays: number;
  qualifiedDays: number;
  sample: SampleRates | null;
  study: SessionResult[];
  publicity: { taskId: number; status: PublicityStatus }[];
  ineligible: IneligibleReason[];
  /** The upheld complaints behind a `complaint` reason: they give no points; shown only to the roles of R40. */
  complaints: RecordRef[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const ref = (kind: RecordKind, id: number | string): RecordRef => ({ kind, id: String(id) });

/** Computes one worker's month from the records (any not in the period or of other workers are ignored). */
export function scoreMonth(worker: WorkerInfo, records: MonthRecords, period: Period, periods: readonly AssessmentSettings[]): WorkerMonth {
  // Month-level numbers are those in force on the last day counted; per-event weights are the event's day's.
  const s = settingsOn(periods, period.lastDay);
  const max = s.partMax;
  const mine = <T extends { workerId: number }>(xs: readonly T[]) => xs.filter((x) => x.workerId === worker.id);
  const timed = <T extends { workerId: number; at: string }>(xs: readonly T[]) => mine(xs).filter((x) => inPeriod(period, x.at));
  const lines: PointLine[] = [];
  const ineligible = new Set<IneligibleReason>();
  if (!worker.onDutyAtCut) ineligible.add('not_on_duty');

  // 巡查 (R15): qualified days of the days on duty; days on leave count neither way (R16).
  const duty = mine(records.patrolDays).filter((d) => d.onDuty && dayInPeriod(period, d.day));
  const qualified = duty.filter((d) => d.qualified);
  const qualifiedShare = duty.length ? qualified.length / duty.length : 0;
  lines.push({
    part: 'patrol',
    points: round2(max.patrol * qualifiedShare),
    basis: { qualifiedDays: qualified.length, dutyDays: duty.length, max: max.patrol },
    refs: duty.map((d) => ref('coverage_day', `${d.day}/${d.gridId}`)),
  });
  if (qualifiedShare < s.standard.minQualifiedShare) ineligible.add('patrol');

  // 采集 — events (R21): the worker's own valid reports, weighted on their day, judged by the class of the grid
  // held that day (a worker moved mid-month is judged by each grid in its turn).
  const events = mine(records.events)
    .filter((e) => isCollected(e) && inPeriod(period, e.reportedAt))
    .map((e) => judgeEvent(e, e.gridClass ?? worker.gridClass, periods));
  const judged = events.reduce((sum, e) => sum + e.judged, 0);
  lines.push({
    part: 'events',
    points: round2(Math.min(max.events, judged * s.pointsPerEvent)),
    basis: { events: events.length, judged: round2(judged), pointsPerEvent: s.pointsPerEvent, max: max.events },
    refs: events.map((e) => ref('incident', e.id)),
  });

  // 采集 — basic information (R22): full points when the inspection team did not check the worker this month.
  const samples = timed(records.samples);
  const rates = sampleRates(samples);
  lines.push({
    part: 'basicInfo',
    points: round2(max.basicInfo * (rates ? rates.accuracy : 1)),
    basis: rates ? { checked: rates.checked, correct: rates.correct, max: max.basicInfo } : { checked: 0, max: max.basicInfo },
    refs: samples.map((r) => ref('sample_result', r.id)),
  });
  if (rates) {
    if (rates.collectionRate < s.standard.minCollectionRate) ineligible.add('collection');
    if (rates.missedDeregistrationRate > s.standard.maxMissedDeregistrationRate) ineligible.add('deregistration');
    if (rates.accuracy < s.standard.minAccuracy) ineligible.add('accuracy');
  }

  // 学习 (R23): the sessions held in the period, each passed (at once or on the retest) or not.
  const tests = mine(records.tests).filter((t) => Date.parse(t.at) < period.end.getTime());
  const study = records.sessions.filter((x) => inPeriod(period, x.heldAt)).map((x) => sessionResult(x.id, tests, s.passMark));
  const passed = study.filter((r) => r.status === 'passed').length;
  lines.push({
    part: 'study',
    points: round2(study.length ? (max.study * passed) / study.length : max.study),
    basis: { passed, sessions: study.length, max: max.study },
    refs: study.flatMap((r) => r.tests.map((t) => ref('test_score', t.id))),
  });
  if (study.some((r) => r.status === 'failed' || r.status === 'absent')) ineligible.add('training');

  // 宣传 (R23): the tasks due in the period, done with evidence in time; faked evidence is criticised.
  const evidence = mine(records.evidence);
  const publicity = records.publicityTasks.filter((t) => inPeriod(period, t.deadline)).map((t) => ({ task: t, ...publicityStatus(t, evidence) }));
  const done = publicity.filter((p) => p.status === 'done').length;
  lines.push({
    part: 'publicity',
    points: round2(publicity.length ? (max.publicity * done) / publicity.length : max.publicity),
    basis: { done, tasks: publicity.length, max: max.publicity },
    refs: publicity.flatMap((p) => (p.evidence.length ? p.evidence.map((e) => ref('publicity_evidence', e.id)) : [ref('publicity_task', p.task.id)])),
  });
  if (publicity.some((p) => p.status === 'faked')) ineligible.add('faked');

  // 整改 (R20): rectifications urged and verified.
  const rect = mine(records.rectifications).filter((r) => dayInPeriod(period, r.day));
  lines.push({
    part: 'rectification',
    points: round2(Math.min(max.rectification, rect.length * s.pointsPerRectification)),
    basis: { rectifications: rect.length, pointsPerRectification: s.pointsPerRectification, max: max.rectification },
    refs: rect.map((r) => ref('rectification', r.id)),
  });

  // 日常表现 (R24): the share of tasks due done in time, less points for each failed check item.
  const tasks = mine(records.tasks).filter((t) => inPeriod(period, t.deadline));
  const tasksDone = tasks.filter(doneInTime).length;
  const checks = timed(records.checks);
  const failed = checks.flatMap(failedItems);
  lines.push({
    part: 'conduct',
    points: round2(Math.max(0, max.conduct * (tasks.length ? tasksDone / tasks.length : 1) - failed.length * s.pointsPerFailedCheck)),
    basis: { tasksDone, tasks: tasks.length, failedCheckItems: failed.length, pointsPerFailedCheck: s.pointsPerFailedCheck, max: max.conduct },
    refs: [...tasks.map((t) => ref('task', t.id)), ...checks.map((c) => ref('conduct_check', c.id))],
  });
  if (failed.includes('onTime')) ineligible.add('late');
  if (failed.includes('kit')) ineligible.add('kit');
  if (failed.includes('conduct')) ineligible.add('conduct');
  const complaints = timed(records.complaints).filter((c) => c.upheld);
  if (complaints.length) ineligible.add('complaint');

  const onSite = round2(lines.reduce((sum, l) => sum + l.points, 0));

  // The city platform's score (R21): the latest import of the month counts.
  const onlineRow = mine(records.online).at(-1);
  const online = onlineRow ? onlineRow.score : null;
  lines.push({ part: 'online', points: online ?? 0, basis: { share: s.onlineShare }, refs: onlineRow ? [ref('online_score', onlineRow.id)] : [] });

  // R28 加分: major hazards found and outside commendations, capped.
  const hazards = timed(records.majorHazards);
  const commendations = timed(records.commendations);
  const rawBonus = hazards.length * s.bonus.majorHazard + commendations.reduce((sum, c) => sum + s.bonus.commendation[c.level], 0);
  const bonus = Math.min(s.bonus.cap, rawBonus);
  lines.push({
    part: 'bonus',
    points: bonus,
    basis: { majorHazards: hazards.length, commendations: commendations.length, cap: s.bonus.cap },
    refs: [...hazards.map((h) => ref('major_hazard', h.id)), ...commendations.map((c) => ref('commendation', c.id))],
  });

  return {
    workerId: worker.id,
    squadId: worker.squadId,
    gridClass: worker.gridClass,
    lines,
    onSite,
    online,
    bonus,
    total: round2(s.onlineShare * (online ?? 0) + (1 - s.onlineShare) * onSite + bonus),
    dutyDays: duty.length,
    qualifiedDays: qualified.length,
    sample: rates,
    study,
    publicity: publicity.map((p) => ({ taskId: p.task.id, status: p.status })),
    ineligible: INELIGIBLE_REASONS.filter((r) => ineligible.has(r)),
    complaints: complaints.map((c) => ref('complaint', c.id)),
  };
}
