// R23 学习宣传: tests pass at the pass mark; below it the worker is retrained and retested; a second fail
// is "training failed" (培训不合格). Publicity needs evidence, and evidence the inspection team finds faked
// puts the worker in a criticism notice (通报批评).

export interface TestScore {
  id: number;
  sessionId: number;
  workerId: number;
  at: string;
  score: number;
}

export type StudyStatus = 'passed' | 'retest_due' | 'failed' | 'absent';
export const STUDY_STATUS_LABELS: Record<StudyStatus, string> = {
  passed: '合格',
  retest_due: '待补考',
  failed: '培训不合格',
  absent: '未参加',
};

export interface SessionResult {
  sessionId: number;
  status: StudyStatus;
  /** The tests that decided it, in the order taken (the first and, after a fail, the retest). */
  tests: TestScore[];
}

/** A worker's result in one session from their tests of it, in time order; tests after the second are ignored. */
export function sessionResult(sessionId: number, tests: readonly TestScore[], passMark: number): SessionResult {
  const taken = tests
    .filter((t) => t.sessionId === sessionId)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, 2);
  const [first, retest] = taken;
  if (!first) return { sessionId, status: 'absent', tests: [] };
  if (first.score >= passMark) return { sessionId, status: 'passed', tests: [first] };
  if (!retest) return { sessionId, status: 'retest_due', tests: [first] };
  return { sessionId, status: retest.score >= passMark ? 'passed' : 'failed', tests: taken };
}

export interface PublicityEvidence {
  id: number;
  taskId: number;
  workerId: number;
  at: string;
  /** Marked by the inspection team (督察队) as faked (弄虚作假). */
  faked: boolean;
}

export type PublicityStatus = 'done' | 'late' | 'missing' | 'faked';

/** A worker's state on a publicity task: evidence before the deadline, after it, none, or faked (which wins). */
export function publicityStatus(
  task: { id: number; deadline: string },
  evidence: readonly PublicityEvidence[],
): { status: PublicityStatus; evidence: PublicityEvidence[] } {
  const mine = evidence.filter((e) => e.taskId === task.id);
  if (mine.some((e) => e.faked)) return { status: 'faked', evidence: mine.filter((e) => e.faked) };
  const inTime = mine.filter((e) => Date.parse(e.at) <= Date.parse(task.deadline));
  if (inTime.length > 0) return { status: 'done', evidence: inTime };
  return mine.length > 0 ? { status: 'late', evidence: mine } : { status: 'missing', evidence: [] };
}
