// R20 整改: a rectification a worker urged (督促整改) or verified (整改核查, the party's or the department's) on a
// day, with the incident it follows if any; the month's tallies are the 整改统计 tab's.
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { RECTIFICATION_KINDS, type RectificationKind } from '../../../../shared/assessment/rectification.ts';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { call } from '../../../platform/api.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { useEntry } from './useEntry.ts';
import { WorkerPicker } from './WorkerPicker.tsx';

export function RectificationEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [day, setDay] = useState(shanghaiDay(Date.now()));
  const [kind, setKind] = useState<RectificationKind>('urged');
  const [incidentId, setIncidentId] = useState('');
  const [note, setNote] = useState('');
  return (
    <div className="entry-part" data-testid="entry-rectification">
      <EntryForm
        title={t('entry.rectification.new')}
        testid="rectification-form"
        entry={entry}
        onSubmit={async () => {
          const x = await entry.run(() =>
            call(assessment.rectification, {
              body: { workerId: workerId as number, day, kind, note, ...(incidentId.trim() ? { incidentId: Number(incidentId) } : {}) },
            }),
          );
          if (x) setNote('');
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.day')}>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </Field>
        <Field label={t('entry.rectification.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as RectificationKind)}>
            {RECTIFICATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`entry.rectification.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('entry.incidentId')}>
          <input type="number" value={incidentId} onChange={(e) => setIncidentId(e.target.value)} placeholder={t('entry.optional')} />
        </Field>
        <Field label={t('entry.note')} wide>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </EntryForm>
    </div>
  );
}
