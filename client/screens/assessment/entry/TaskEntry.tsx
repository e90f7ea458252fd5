// R24 日常表现: a task a leader assigns a worker with a deadline, and its completion (in time or late).
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

export function TaskEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const act = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [completedAt, setCompletedAt] = useState(nowLocal());
  const tasks = useEndpoint(assessment.ledger, { query: { month } })?.tasks ?? [];
  return (
    <div className="entry-sub" data-testid="entry-task">
      <EntryForm
        title={t('entry.task.new')}
        testid="task-form"
        entry={entry}
        onSubmit={async () => {
          const x = await entry.run(() => call(assessment.task, { body: { workerId: workerId as number, title, deadline: instantOf(deadline) } }));
          if (x) setTitle('');
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.title')} wide>
          <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="task-title" />
        </Field>
        <Field label={t('entry.deadline')}>
          <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="task-deadline" />
        </Field>
      </EntryForm>
      <div className="entry-bar">
        <Field label={t('entry.completedAt')}>
          <input type="datetime-local" value={completedAt} onChange={(e) => setCompletedAt(e.target.value)} />
        </Field>
        {act.error && (
          <span className="error" role="alert">
            {act.error}
          </span>
        )}
      </div>
      <table className="entry-list wide" data-testid="task-list">
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.title')}</th>
            <th>{t('entry.deadline')}</th>
            <th>{t('entry.completedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.length === 0 && (
            <tr>
              <td className="muted">{t('assessment.none')}</td>
            </tr>
          )}
          {tasks.map((x) => (
            <tr key={x.id} data-task={x.id}>
              <td>{x.worker}</td>
              <td>{x.title}</td>
              <td>{formatDateTime(x.deadline)}</td>
              <td>
                {x.completedAt ? (
                  <span className={Date.parse(x.completedAt) <= Date.parse(x.deadline) ? 'ok' : 'bad'}>{formatDateTime(x.completedAt)}</span>
                ) : (
                  <button
                    type="button"
                    data-testid="task-complete"
                    onClick={() => act.run(() => call(assessment.completeTask, { params: { id: x.id }, body: { completedAt: instantOf(completedAt) } }))}
                  >
                    {t('entry.task.complete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
