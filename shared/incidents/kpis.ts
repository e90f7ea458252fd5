// Incident KPIs (R31) with the formulas of digital urban management practice, pure so they are checked
// against hand-computed values. The population is the cases registered in the period (a case resolved on
// the spot is registered when reported); rejected and merged reports are not cases.
//   应结案数 due      = closed + open cases whose deadline has passed
//   结案率            = closed / due
//   按期结案率        = closed and handled by the deadline (or without one) / due
//   按期处置率        = handled by the deadline (or without one) / (handled + open overdue)
//   返工率            = handled cases sent back at least once / handled
//   及时核查率        = verified within VERIFY_WITHIN_MS of handling / verified
//   延期率            = cases with an approved extension / cases
import type { IncidentKpis } from './contract.ts';
import { VERIFY_WITHIN_MS } from './rules.ts';

export interface KpiCase {
  state: string;
  source: string;
  categoryCode: string;
  deadline: number | null;
  handledAt: number | null;
  verifiedAt: number | null;
  closedAt: number | null;
  reworkCount: number;
  extensionCount: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const onTime = (c: KpiCase) => c.handledAt !== null && (c.deadline === null || c.handledAt <= c.deadline);
const countBy = (cases: KpiCase[], key: (c: KpiCase) => string) => {
  const out: Record<string, number> = {};
  for (const c of cases) out[key(c)] = (out[key(c)] ?? 0) + 1;
  return out;
};

export function incidentKpis(all: KpiCase[], now: number): IncidentKpis {
  const cases = all.filter((c) => c.state !== 'rejected' && c.state !== 'merged');
  const closed = cases.filter((c) => c.state === 'closed');
  const openOverdue = cases.filter((c) => c.state !== 'closed' && c.deadline !== null && c.deadline < now && c.handledAt === null);
  const openPastDeadline = cases.filter((c) => c.state !== 'closed' && c.deadline !== null && c.deadline < now);
  const handled = cases.filter((c) => c.handledAt !== null);
  const verified = cases.filter((c) => c.verifiedAt !== null);
  const due = closed.length + openPastDeadline.length;
  return {
    cases: cases.length,
    reports: all.length,
    closed: closed.length,
    due,
    open: cases.length - closed.length,
    overdue: openOverdue.length,
    closeRate: ratio(closed.length, due),
    onTimeCloseRate: ratio(closed.filter(onTime).length, due),
    onTimeHandleRate: ratio(handled.filter(onTime).length, handled.length + openOverdue.length),
    reworkRate: ratio(handled.filter((c) => c.reworkCount > 0).length, handled.length),
    timelyVerifyRate: ratio(verified.filter((c) => c.verifiedAt! - c.handledAt! <= VERIFY_WITHIN_MS).length, verified.length),
    extensionRate: ratio(cases.filter((c) => c.extensionCount > 0).length, cases.length),
    bySource: countBy(all, (c) => c.source),
    byCategory: countBy(cases, (c) => c.categoryCode),
    byState: countBy(all, (c) => c.state),
  };
}
export type { IncidentKpis } from './contract.ts';
