// Where a case came from (来源) is set by who reports it, never chosen freely: the KPIs count each channel's
// cases (R31), so a worker cannot report as the inspection team. Only the command centre says whether what it
// records came in by phone (a resident's call, the default) or is its own finding.
import type { Role } from '../core/roles.ts';
import type { IncidentSource } from './contract.ts';

/** The sources each reporter may give; the first is what it gets when it gives none. */
export function sourcesOf(reporter: { role: Role; terminal: boolean }): readonly IncidentSource[] {
  if (reporter.terminal || reporter.role === 'worker') return ['terminal'];
  if (reporter.role === 'inspector') return ['inspector'];
  return ['phone', 'duty'];
}

/** The source of a report, or why the one claimed is refused. */
export function reportSource(
  reporter: { role: Role; terminal: boolean },
  claimed: IncidentSource | undefined,
): { source: IncidentSource } | { refused: string } {
  const allowed = sourcesOf(reporter);
  if (claimed === undefined) return { source: allowed[0]! };
  return allowed.includes(claimed) ? { source: claimed } : { refused: `this reporter's cases come from ${allowed.join(' or ')}, not ${claimed}` };
}
