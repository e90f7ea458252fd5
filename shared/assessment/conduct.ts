// R24 日常表现: tasks leaders assign with a deadline and their completion; the inspection team's checks
// (on time, uniform and the 七件套 kit, conduct) and resident complaints, each a record with who and when.

export interface AssignedTask {
  id: number;
  workerId: number;
  deadline: string;
  completedAt: string | null;
}

export interface ConductCheck {
  id: number;
  workerId: number;
  at: string;
  /** 按时上岗, 不迟到不早退 */
  onTime: boolean;
  /** 着装整齐, 七件套 carried */
  kit: boolean;
  /** 举止文明, no discipline breach */
  conduct: boolean;
}

export interface Complaint {
  id: number;
  workerId: number;
  at: string;
  /** A complaint found groundless after checking is kept but does not count (R28). */
  upheld: boolean;
}

export const CHECK_ITEMS = ['onTime', 'kit', 'conduct'] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];
export const CHECK_ITEM_LABELS: Record<CheckItem, string> = { onTime: '按时上岗', kit: '着装及七件套', conduct: '举止文明' };

export const failedItems = (c: ConductCheck): CheckItem[] => CHECK_ITEMS.filter((k) => !c[k]);

/** A task counts as done when completed by its deadline. */
export const doneInTime = (t: AssignedTask) => t.completedAt !== null && Date.parse(t.completedAt) <= Date.parse(t.deadline);
