// R24, R28 日常表现: the inspection team's check of a worker — on time, in uniform with the 七件套 kit, conduct —
// with who and when; a failed item costs points and the month's award.
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';
import { WorkerPicker } from './WorkerPicker.tsx';

const ITEMS = ['onTime', 'kit', 'conduct'] as const;

export function CheckEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [checkedAt, setCheckedAt] = useState(nowLocal());
  const [items, setItems] = useState({ onTime: true, kit: true, conduct: true });
  const [note, setNote] = useState('');
  const checks = useEndpoint(assessment.ledger, { query: { month } })?.checks ?? [];
  const mark = (ok: boolean) => <span className={ok ? 'ok' : 'bad'}>{ok ? t('entry.check.ok') : t('entry.check.failed')}</span>;
  return (
    <div className="entry-sub" data-testid="entry-check">
      <EntryForm
        title={t('entry.check.new')}
        testid="check-form"
        entry={entry}
        onSubmit={async () => {
          const x = await entry.run(() => call(assessment.check, { body: { workerId: workerId as number, checkedAt: instantOf(checkedAt), ...items, note } }));
          if (x) setNote('');
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.checkedAt')}>
          <input type="datetime-local" value={checkedAt} onChange={(e) => setCheckedAt(e.target.value)} />
        </Field>
        {ITEMS.map((k) => (
          <Field key={k} label={t(`entry.check.${k}`)}>
            <input type="checkbox" checked={items[k]} onChange={(e) => setItems({ ...items, [k]: e.target.checked })} data-testid={`check-${k}`} />
          </Field>
        ))}
        <Field label={t('entry.note')} wide>
          <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="check-note" />
        </Field>
      </EntryForm>
      <table className="entry-list wide" data-testid="check-list">
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.checkedAt')}</th>
            {ITEMS.map((k) => (
              <th key={k}>{t(`entry.check.${k}`)}</th>
            ))}
            <th>{t('entry.note')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.id} data-check={c.id}>
              <td>{c.worker}</td>
              <td>{formatDateTime(c.checkedAt)}</td>
              {ITEMS.map((k) => (
                <td key={k}>{mark(c[k])}</td>
              ))}
              <td>{c.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
