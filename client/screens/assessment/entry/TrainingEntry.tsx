// R23 学习: a training session (日常学习, 专项业务培训) is created, then its test scores typed per worker or
// imported from .xlsx; each worker's status follows (80 passes, below → 待补考, a second fail → 培训不合格).
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { SessionScores } from './SessionScores.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';

export function TrainingEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const [title, setTitle] = useState('');
  const [heldAt, setHeldAt] = useState(nowLocal());
  const [open, setOpen] = useState<number | null>(null);
  const ledger = useEndpoint(assessment.ledger, { query: { month } });
  const sessions = ledger?.sessions ?? [];
  const shown = sessions.find((s) => s.id === open) ?? null;
  return (
    <div className="entry-part" data-testid="entry-study">
      <EntryForm
        title={t('entry.study.newSession')}
        testid="session-form"
        entry={entry}
        onSubmit={async () => {
          const s = await entry.run(() => call(assessment.session, { body: { title, heldAt: instantOf(heldAt) } }));
          if (s) {
            setTitle('');
            setOpen(s.id);
          }
        }}
      >
        <Field label={t('entry.title')} wide>
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('entry.study.titleHint')} data-testid="session-title" />
        </Field>
        <Field label={t('entry.heldAt')}>
          <input type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} data-testid="session-held" />
        </Field>
      </EntryForm>
      <table className="entry-list" data-testid="session-list">
        <caption>{t('entry.study.sessions')}</caption>
        <thead>
          <tr>
            <th>{t('entry.title')}</th>
            <th>{t('entry.heldAt')}</th>
            <th>{t('entry.study.taken')}</th>
            <th>{t('entry.status.retest_due')}</th>
            <th>{t('entry.status.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td className="muted">{t('assessment.none')}</td>
            </tr>
          )}
          {sessions.map((s) => (
            <tr key={s.id} data-session={s.id} className={s.id === open ? 'selected' : ''} onClick={() => setOpen(s.id)}>
              <td>{s.title}</td>
              <td>{formatDateTime(s.heldAt)}</td>
              <td>{s.results.length}</td>
              <td>{s.results.filter((r) => r.status === 'retest_due').length}</td>
              <td>{s.results.filter((r) => r.status === 'failed').length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <SessionScores key={shown.id} month={month} session={shown} />}
    </div>
  );
}
