// R24, R28: a resident's complaint about a worker, upheld or not after checking. Personal data of the
// resident (R40): only the leaders and the inspection team record and read it.
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

export function ComplaintEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [receivedAt, setReceivedAt] = useState(nowLocal());
  const [summary, setSummary] = useState('');
  const [upheld, setUpheld] = useState(true);
  const complaints = useEndpoint(assessment.ledger, { query: { month } })?.complaints ?? [];
  return (
    <div className="entry-sub" data-testid="entry-complaint">
      <EntryForm
        title={t('entry.complaint.new')}
        testid="complaint-form"
        entry={entry}
        onSubmit={async () => {
          const x = await entry.run(() =>
            call(assessment.complaint, { body: { workerId: workerId as number, receivedAt: instantOf(receivedAt), summary, upheld } }),
          );
          if (x) setSummary('');
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.receivedAt')}>
          <input type="datetime-local" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} />
        </Field>
        <Field label={t('entry.complaint.upheld')}>
          <input type="checkbox" checked={upheld} onChange={(e) => setUpheld(e.target.checked)} />
        </Field>
        <Field label={t('entry.summary')} wide>
          <textarea rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
      </EntryForm>
      <table className="entry-list wide" data-testid="complaint-list">
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.receivedAt')}</th>
            <th>{t('entry.summary')}</th>
            <th>{t('entry.complaint.upheld')}</th>
          </tr>
        </thead>
        <tbody>
          {complaints.map((c) => (
            <tr key={c.id} data-complaint={c.id}>
              <td>{c.worker}</td>
              <td>{formatDateTime(c.receivedAt)}</td>
              <td className="text">{c.summary}</td>
              <td className={c.upheld ? 'bad' : 'muted'}>{c.upheld ? t('entry.yes') : t('entry.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
