// R20 整改: rectifications a worker urged (督促整改) and verified (整改核查, the party's or the department's),
// reported per day and tallied by the squad.

export const RECTIFICATION_KINDS = ['urged', 'verified_party', 'verified_department'] as const;
export type RectificationKind = (typeof RECTIFICATION_KINDS)[number];
export const RECTIFICATION_KIND_LABELS: Record<RectificationKind, string> = {
  urged: '督促整改',
  verified_party: '核查当事人整改',
  verified_department: '核查部门整治',
};

export interface Rectification {
  /** The brigade's record's id, or `field-<id>-order|check` for one the worker made in the field app. */
  id: number | string;
  workerId: number;
  squadId: number;
  day: string;
  kind: RectificationKind;
}

export type RectificationTally = Record<RectificationKind, number> & { squadId: number; day: string; total: number };

/** The squads' daily tallies (中队收集整理整改、核查事件数), ordered by day then squad. */
export function tallyBySquad(records: readonly Rectification[]): RectificationTally[] {
  const byKey = new Map<string, RectificationTally>();
  for (const r of records) {
    const key = `${r.day}/${r.squadId}`;
    const t = byKey.get(key) ?? { squadId: r.squadId, day: r.day, urged: 0, verified_party: 0, verified_department: 0, total: 0 };
    byKey.set(key, t);
    t[r.kind]++;
    t.total++;
  }
  return [...byKey.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.squadId - b.squadId));
}
