// R23: the evidence of one publicity task — a worker's screenshot (online) or photo (offline) recorded with
// its file (JPEG, PNG or WebP), more files added later, and the inspection team's 弄虚作假 mark.
import { useRef, useState } from 'react';
import type { z } from 'zod';
import { assessment, type LedgerAnswer } from '../../../../shared/assessment/contract.ts';
import { mayEnter } from '../../../../shared/assessment/entryRoles.ts';
import type { Role } from '../../../../shared/core/roles.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { useT } from '../../../platform/i18n.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';
import { WorkerPicker } from './WorkerPicker.tsx';

type Task = z.infer<typeof LedgerAnswer>['publicity'][number];
type Kind = 'photo' | 'screenshot';

export function EvidenceEntry({ month, role, task }: { month: string; role: Role; task: Task }) {
  const { t } = useT();
  const entry = useEntry();
  const act = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [kind, setKind] = useState<Kind>('photo');
  const [submittedAt, setSubmittedAt] = useState(nowLocal());
  const [note, setNote] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  // A new picker after each file sent: the chosen name is cleared with it.
  const [round, setRound] = useState(0);
  const marks = mayEnter(role, 'markFaked');
  return (
    <div className="entry-sub" data-testid="evidence" data-task={task.id}>
      <EntryForm
        title={t('entry.publicity.evidenceOf', { title: task.title })}
        testid="evidence-form"
        entry={entry}
        onSubmit={async () => {
          const file = fileInput.current?.files?.[0];
          const done = await entry.run(async () => {
            const e = await call(assessment.evidence, {
              params: { id: task.id },
              body: { workerId: workerId as number, kind, submittedAt: instantOf(submittedAt), note },
            });
            if (file) await call(assessment.evidenceFile, { params: { id: e.id }, raw: file });
            return e;
          });
          if (done) {
            setNote('');
            setRound(round + 1);
          }
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.publicity.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="photo">{t('entry.kind.photo')}</option>
            <option value="screenshot">{t('entry.kind.screenshot')}</option>
          </select>
        </Field>
        <Field label={t('entry.submittedAt')}>
          <input type="datetime-local" value={submittedAt} onChange={(e) => setSubmittedAt(e.target.value)} />
        </Field>
        <Field label={t('entry.publicity.file')}>
          <FilePicker key={round} inputRef={fileInput} accept="image/jpeg,image/png,image/webp" testid="evidence-file" />
        </Field>
        <Field label={t('entry.note')} wide>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </EntryForm>
      {act.error && (
        <p className="error" role="alert" data-testid="evidence-error">
          {act.error}
        </p>
      )}
      <table className="entry-list wide" data-testid="evidence-list">
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.publicity.kind')}</th>
            <th>{t('entry.submittedAt')}</th>
            <th>{t('entry.publicity.files')}</th>
            {marks && <th>{t('entry.publicity.faked')}</th>}
            <th>{t('entry.publicity.addFile')}</th>
          </tr>
        </thead>
        <tbody>
          {task.evidence.map((e) => (
            <tr key={e.id} data-evidence={e.id} className={e.faked ? 'bad' : ''}>
              <td>{e.worker}</td>
              <td>{t(e.kind === 'photo' ? 'entry.kind.photo' : 'entry.kind.screenshot')}</td>
              <td>{formatDateTime(e.submittedAt)}</td>
              <td>
                {e.files.length === 0
                  ? t('entry.publicity.noFile')
                  : e.files.map((f, i) => (
                      <a key={f.id} href={f.url} target="_blank" rel="noreferrer" data-file={f.id}>
                        {t('entry.publicity.fileN', { n: i + 1 })}{' '}
                      </a>
                    ))}
              </td>
              {marks && (
                <td>
                  {e.faked ? (
                    <span className="bad" data-testid="faked">
                      {t('entry.publicity.isFaked')}
                    </span>
                  ) : (
                    <button type="button" data-testid="mark-faked" onClick={() => act.run(() => call(assessment.markFaked, { params: { id: e.id } }))}>
                      {t('entry.publicity.markFaked')}
                    </button>
                  )}
                </td>
              )}
              <td>
                <FilePicker
                  accept="image/jpeg,image/png,image/webp"
                  label={t('entry.publicity.addFile')}
                  onPick={(f) => void act.run(() => call(assessment.evidenceFile, { params: { id: e.id }, raw: f }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
