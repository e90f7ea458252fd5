// R23 宣传: the brigade gives a publicity task with a deadline; evidence of it (线上截图, 线下照片) is recorded
// per worker with its file; the inspection team marks faked evidence (弄虚作假 → the criticism notice).
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { mayEnter } from '../../../../shared/assessment/entryRoles.ts';
import type { Role } from '../../../../shared/core/roles.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { EvidenceEntry } from './EvidenceEntry.tsx';
import { Field } from './Field.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';

export function PublicityEntry({ month, role }: { month: string; role: Role }) {
  const { t } = useT();
  const entry = useEntry();
  const [title, setTitle] = useState('');
  const [givenAt, setGivenAt] = useState(nowLocal());
  const [deadline, setDeadline] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const ledger = useEndpoint(assessment.ledger, { query: { month } });
  const tasks = ledger?.publicity ?? [];
  const shown = tasks.find((x) => x.id === open) ?? null;
  return (
    <div className="entry-part" data-testid="entry-publicity">
      {mayEnter(role, 'publicityTask') && (
        <EntryForm
          title={t('entry.publicity.newTask')}
          testid="publicity-form"
          entry={entry}
          onSubmit={async () => {
            const x = await entry.run(() => call(assessment.publicityTask, { body: { title, givenAt: instantOf(givenAt), deadline: instantOf(deadline) } }));
            if (x) {
              setTitle('');
              setOpen(x.id);
            }
          }}
        >
          <Field label={t('entry.title')} wide>
            <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('entry.publicity.titleHint')} data-testid="publicity-title" />
          </Field>
          <Field label={t('entry.givenAt')}>
            <input type="datetime-local" value={givenAt} onChange={(e) => setGivenAt(e.target.value)} />
          </Field>
          <Field label={t('entry.deadline')}>
            <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="publicity-deadline" />
          </Field>
        </EntryForm>
      )}
      <table className="entry-list" data-testid="publicity-list">
        <caption>{t('entry.publicity.tasks')}</caption>
        <thead>
          <tr>
            <th>{t('entry.title')}</th>
            <th>{t('entry.givenAt')}</th>
            <th>{t('entry.deadline')}</th>
            <th>{t('entry.publicity.evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.length === 0 && (
            <tr>
              <td className="muted">{t('assessment.none')}</td>
            </tr>
          )}
          {tasks.map((x) => (
            <tr key={x.id} data-task={x.id} className={x.id === open ? 'selected' : ''} onClick={() => setOpen(x.id)}>
              <td>{x.title}</td>
              <td>{formatDateTime(x.givenAt)}</td>
              <td>{formatDateTime(x.deadline)}</td>
              <td>{x.evidence.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <EvidenceEntry key={shown.id} month={month} role={role} task={shown} />}
    </div>
  );
}
