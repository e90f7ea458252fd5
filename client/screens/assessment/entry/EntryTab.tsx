// 录入: the records the assessment is computed from, entered on the screen by those who keep them (R20-R24,
// R28, R21's settings): the inspection team, the management group, squad leaders for their squad (R40).
// Each part shows only the forms the role's routes accept (shared/assessment/entryRoles.ts).
import { useState } from 'react';
import { type EntryKind, mayEnter } from '../../../../shared/assessment/entryRoles.ts';
import type { Role } from '../../../../shared/core/roles.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { BonusEntry } from './BonusEntry.tsx';
import { CheckEntry } from './CheckEntry.tsx';
import { ComplaintEntry } from './ComplaintEntry.tsx';
import './entry.css';
import { OnlineEntry } from './OnlineEntry.tsx';
import { PublicityEntry } from './PublicityEntry.tsx';
import { RectificationEntry } from './RectificationEntry.tsx';
import { SampleEntry } from './SampleEntry.tsx';
import { SettingsEntry } from './SettingsEntry.tsx';
import { TaskEntry } from './TaskEntry.tsx';
import { TrainingEntry } from './TrainingEntry.tsx';

/** The parts of the entry tab, in the source's order, each with the kinds of record it holds. */
const PARTS = [
  { key: 'sample', label: 'entry.part.sample', kinds: ['sample'] },
  { key: 'study', label: 'entry.part.study', kinds: ['training'] },
  { key: 'publicity', label: 'entry.part.publicity', kinds: ['publicityTask', 'evidence', 'markFaked'] },
  { key: 'rectification', label: 'entry.part.rectification', kinds: ['rectification'] },
  { key: 'conduct', label: 'entry.part.conduct', kinds: ['task', 'check', 'complaint'] },
  { key: 'online', label: 'entry.part.online', kinds: ['online', 'bonus'] },
  { key: 'settings', label: 'entry.part.settings', kinds: ['settings'] },
] as const satisfies readonly { key: string; label: MessageKey; kinds: readonly EntryKind[] }[];
type Part = (typeof PARTS)[number]['key'];

/** Whether a role may enter anything at all: then the screen shows the tab. */
export const entersRecords = (role: Role) => PARTS.some((p) => p.kinds.some((k) => mayEnter(role, k)));

export function EntryTab({ role, month }: { role: Role; month: string }) {
  const { t } = useT();
  const parts = PARTS.filter((p) => p.kinds.some((k) => mayEnter(role, k)));
  const asked = parts.find((p) => p.key === new URLSearchParams(location.search).get('part'));
  const [part, setPart] = useState<Part>(asked?.key ?? parts[0]?.key ?? 'rectification');
  return (
    <section className="glance entry" data-testid="entry">
      <nav className="toggles entry-nav">
        {parts.map((p) => (
          <button
            type="button"
            key={p.key}
            className={part === p.key ? 'on' : ''}
            aria-pressed={part === p.key}
            data-part={p.key}
            onClick={() => setPart(p.key)}
          >
            {t(p.label)}
          </button>
        ))}
      </nav>
      {part === 'sample' && <SampleEntry month={month} />}
      {part === 'study' && <TrainingEntry month={month} />}
      {part === 'publicity' && <PublicityEntry month={month} role={role} />}
      {part === 'rectification' && <RectificationEntry month={month} />}
      {part === 'conduct' && (
        <div className="entry-part" data-testid="entry-conduct">
          {mayEnter(role, 'task') && <TaskEntry month={month} />}
          {mayEnter(role, 'check') && <CheckEntry month={month} />}
          {mayEnter(role, 'complaint') && <ComplaintEntry month={month} />}
        </div>
      )}
      {part === 'online' && (
        <div className="entry-part" data-testid="entry-online-bonus">
          {mayEnter(role, 'online') && <OnlineEntry month={month} />}
          {mayEnter(role, 'bonus') && <BonusEntry month={month} />}
        </div>
      )}
      {part === 'settings' && <SettingsEntry />}
    </section>
  );
}
