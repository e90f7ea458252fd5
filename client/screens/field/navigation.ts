// Moving between the field app's tabs: the tabs, and what one tab hands another.

export const TABS = ['today', 'visit', 'report', 'cases', 'records', 'me'] as const;
export type Tab = (typeof TABS)[number];

/** A household chosen on one tab and opened on another: its id, and its address to show before its details load. */
export interface PickedHousehold {
  id: number;
  address: string;
}

/** What a tab asks to go to another tab with (a household picked on 今日 opens 走访 on it). */
export type Go = (tab: Tab, household?: PickedHousehold) => void;
