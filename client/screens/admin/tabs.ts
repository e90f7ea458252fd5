import type { ComponentType } from 'react';
import type { MessageKey } from '../../platform/i18n.ts';
import { ImportTab } from './ImportTab.tsx';
import { ORG_TABS } from './org/index.ts';

/** One tab of the administrator's screen: its key in the URL (`/admin?tab=…`), its label, what it shows. */
export interface AdminTab {
  key: string;
  label: MessageKey;
  Component: ComponentType;
}

/** The tabs of `/admin`, in their order; the first is shown when the URL names none. */
export const ADMIN_TABS: AdminTab[] = [{ key: 'import', label: 'admin.tab.import', Component: ImportTab }, ...ORG_TABS];
