// The organisation tabs of the /admin screen (issue 17), for the shell's list of tabs: each a component
// without props, its label a message key.
import type { ComponentType } from 'react';
import type { MessageKey } from '../../../platform/i18n.ts';
import { AccountsTab } from './AccountsTab.tsx';
import { CalendarTab, CategoriesTab } from './CategoriesTab.tsx';
import { DepartmentsTab } from './DepartmentsTab.tsx';
import { EquipmentTab } from './EquipmentTab.tsx';
import { GridsTab } from './GridsTab.tsx';
import { TerminalsTab } from './TerminalsTab.tsx';
import { WorkersTab } from './WorkersTab.tsx';
import './org.css';

export const ORG_TABS: { key: string; label: MessageKey; Component: ComponentType }[] = [
  { key: 'grids', label: 'org.tab.grids', Component: GridsTab },
  { key: 'workers', label: 'org.tab.workers', Component: WorkersTab },
  { key: 'accounts', label: 'org.tab.accounts', Component: AccountsTab },
  { key: 'departments', label: 'org.tab.departments', Component: DepartmentsTab },
  { key: 'categories', label: 'org.tab.categories', Component: CategoriesTab },
  { key: 'calendar', label: 'org.tab.calendar', Component: CalendarTab },
  { key: 'terminals', label: 'org.tab.terminals', Component: TerminalsTab },
  { key: 'equipment', label: 'org.tab.equipment', Component: EquipmentTab },
];
