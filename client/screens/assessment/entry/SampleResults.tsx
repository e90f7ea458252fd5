// R22: one drawn sample as the inspection team checks it on site — each household (address, size) or person
// (name, gender, birth year, address) with its result and a note, recorded together; a result given again
// replaces the first.
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { SAMPLE_RESULTS, type SampleResult } from '../../../../shared/assessment/sampling.ts';
import { call } from '../../../platform/api.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';

/** The drawn households or people of one sample, each with its on-site result, recorded together. */
export function SampleResults({ id }: { id: number }) {
  const { t } = useT();
  const entry = useEntry();
  const sample = useEndpoint(assessment.sample, { params: { id } });
  const [checkedAt, setCheckedAt] = useState(nowLocal());
  const [results, setResults] = useState<Record<string, { result: SampleResult; note: string }>>({});
  if (!sample) return <p className="muted">…</p>;
  const people = sample.subject === 'people';
  const rows = people
    ? sample.people.map((p) => ({ key: `p${p.id}`, id: p.id, what: `${p.name} · ${p.gender ?? ''} ${p.birthYear ?? ''}`, where: p.address }))
    : sample.households.map((h) => ({ key: `h${h.id}`, id: h.id, what: t('entry.sample.household', { id: h.id, size: h.size }), where: h.address }));
  const recorded = new Map(sample.results.map((r) => [people ? `p${r.residentId}` : `h${r.householdId}`, r]));
  const resultOf = (key: string) => results[key] ?? recorded.get(key) ?? { result: 'correct' as SampleResult, note: '' };
  return (
    <EntryForm
      title={t('entry.sample.results', { id: sample.id, seed: sample.seed })}
      testid="sample-results"
      entry={entry}
      submit={t('entry.sample.record')}
      below={
        <table className="entry-list wide" data-testid="sample-rows">
          <thead>
            <tr>
              <th>{t(people ? 'entry.subject.people' : 'entry.subject.households')}</th>
              <th>{t('entry.sample.address')}</th>
              <th>{t('entry.result')}</th>
              <th>{t('entry.note')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const v = resultOf(r.key);
              const set = (next: Partial<typeof v>) => setResults({ ...results, [r.key]: { ...v, ...next } });
              return (
                <tr key={r.key} data-row={r.key} className={recorded.has(r.key) ? 'ok' : ''}>
                  <td>{r.what}</td>
                  <td>{r.where}</td>
                  <td>
                    <select value={v.result} onChange={(e) => set({ result: e.target.value as SampleResult })} data-testid="sample-result">
                      {SAMPLE_RESULTS.map((x) => (
                        <option key={x} value={x}>
                          {t(`entry.result.${x}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input value={v.note} onChange={(e) => set({ note: e.target.value })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      }
      onSubmit={() =>
        entry.run(
          () =>
            call(assessment.sampleResults, {
              params: { id },
              body: {
                checkedAt: instantOf(checkedAt),
                results: rows.map((r) => ({ ...(people ? { residentId: r.id } : { householdId: r.id }), ...resultOf(r.key) })),
              },
            }),
          (x) => t('entry.sample.recorded', { n: x.imported }),
        )
      }
    >
      <Field label={t('entry.checkedAt')}>
        <input type="datetime-local" value={checkedAt} onChange={(e) => setCheckedAt(e.target.value)} />
      </Field>
    </EntryForm>
  );
}
