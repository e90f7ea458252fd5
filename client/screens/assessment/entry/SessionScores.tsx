// R23: the scores of one session, typed per worker (a second score of a worker is the retest) or imported
// from the .xlsx of the test (columns 网格员编号 and 得分, 考试时间 optional); each worker's status beside.
import { useRef, useState } from 'react';
import type { z } from 'zod';
import { assessment, type LedgerAnswer } from '../../../../shared/assessment/contract.ts';
import { call } from '../../../platform/api.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';

type Session = z.infer<typeof LedgerAnswer>['sessions'][number];

export function SessionScores({ month, session }: { month: string; session: Session }) {
  const { t } = useT();
  const workers = useEndpoint(assessment.month, { query: { month } })?.workers ?? [];
  // The scores sent, in their order: a refused one is named by its worker, not by its place in the request.
  const sent = useRef<number[]>([]);
  const typed = useEntry((path) => {
    const m = /^scores\.(\d+)\.(score|takenAt|workerId)$/.exec(path);
    const w = m ? workers.find((x) => x.workerId === sent.current[Number(m[1])]) : undefined;
    return w && m ? `${w.worker} · ${t(m[2] === 'score' ? 'entry.score' : m[2] === 'takenAt' ? 'entry.takenAt' : 'entry.worker')}` : undefined;
  });
  const imported = useEntry();
  const [scores, setScores] = useState<Record<number, string>>({});
  const [takenAt, setTakenAt] = useState(nowLocal());
  const [filter, setFilter] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  // A new picker after each file sent: the chosen name is cleared with it.
  const [round, setRound] = useState(0);
  const results = new Map(session.results.map((r) => [r.workerId, r]));
  // Who took the test first, then the rest by squad; a filter by name or squad for a town of 137.
  const rows = [...workers]
    .sort((a, b) => Number(results.has(b.workerId)) - Number(results.has(a.workerId)) || a.squadId - b.squadId || a.workerId - b.workerId)
    .filter((w) => !filter.trim() || w.worker.includes(filter.trim()) || String(w.squadId) === filter.trim() || scores[w.workerId] !== undefined);
  return (
    <div className="entry-sub" data-testid="session-scores" data-session={session.id}>
      <EntryForm
        title={t('entry.study.scoresOf', { title: session.title })}
        testid="scores-form"
        entry={typed}
        submit={t('entry.study.saveScores')}
        below={
          <table className="entry-list" data-testid="scores-table">
            <thead>
              <tr>
                <th>{t('entry.worker')}</th>
                <th>{t('assessment.colSquad')}</th>
                <th>{t('entry.study.scoresSoFar')}</th>
                <th>{t('entry.study.status')}</th>
                <th>{t('entry.score')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => {
                const r = results.get(w.workerId);
                return (
                  <tr key={w.workerId} data-worker={w.workerId}>
                    <td>{w.worker}</td>
                    <td>{w.squadId}</td>
                    <td>{r ? r.scores.join(' → ') : ''}</td>
                    <td className={r ? `status-${r.status}` : 'muted'} data-testid="status">
                      {r ? t(`entry.status.${r.status}` as MessageKey) : t('entry.status.absent')}
                    </td>
                    <td>
                      <input
                        type="number"
                        className="score"
                        value={scores[w.workerId] ?? ''}
                        onChange={(e) => setScores((now) => ({ ...now, [w.workerId]: e.target.value }))}
                        aria-label={t('entry.scoreOf', { worker: w.worker })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        }
        onSubmit={async () => {
          const given = Object.entries(scores).filter(([, v]) => v.trim() !== '');
          sent.current = given.map(([w]) => Number(w));
          const ok = await typed.run(
            () =>
              call(assessment.scores, {
                params: { id: session.id },
                body: { scores: given.map(([w, v]) => ({ workerId: Number(w), score: Number(v), takenAt: instantOf(takenAt) })) },
              }),
            (x) => t('entry.study.savedScores', { n: x.imported }),
          );
          // Only what was saved is cleared: a score typed while the table refreshed after the save is kept.
          if (ok) setScores((now) => Object.fromEntries(Object.entries(now).filter(([w, v]) => !given.some(([sw, sv]) => sw === w && sv === v))));
        }}
      >
        <Field label={t('entry.takenAt')}>
          <input type="datetime-local" value={takenAt} onChange={(e) => setTakenAt(e.target.value)} />
        </Field>
        <Field label={t('entry.filter')}>
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('entry.filterHint')} data-testid="scores-filter" />
        </Field>
      </EntryForm>
      <EntryForm
        title={t('entry.study.import')}
        testid="scores-import"
        entry={imported}
        submit={t('entry.import')}
        onSubmit={async () => {
          const input = fileInput.current;
          const file = input?.files?.[0];
          if (!file) return imported.refuse(t('entry.pickFile'));
          const ok = await imported.run(
            () => call(assessment.importScores, { params: { id: session.id }, raw: file }),
            (x) => t('entry.study.savedScores', { n: x.imported }),
          );
          if (ok) setRound(round + 1);
        }}
      >
        <Field label={t('entry.study.file')} wide>
          <FilePicker key={round} inputRef={fileInput} accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" testid="scores-file" />
        </Field>
        <p className="muted">{t('entry.study.columns')}</p>
      </EntryForm>
    </div>
  );
}
