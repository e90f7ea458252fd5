// R21 考核设置: the brigade's weights and ratios per period, effective from a day (a later day starts a new
// period, the same day replaces it); the periods so far, the one in force marked. The management group's.
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { type AssessmentSettings, DEFAULT_SETTINGS, settingsOn } from '../../../../shared/assessment/settings.ts';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { call } from '../../../platform/api.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { useEntry } from './useEntry.ts';

/** The numbers of a period, grouped as the brigade reads them; each path's label is `entry.set.<path>`. */
const GROUPS: { title: MessageKey; paths: string[] }[] = [
  {
    title: 'entry.set.group.events',
    paths: ['defaultCategoryWeight', 'gridClassRatios.1', 'gridClassRatios.2', 'gridClassRatios.3', 'dailyExcellentPerClass', 'pointsPerEvent'],
  },
  {
    title: 'entry.set.group.basicInfo',
    paths: [
      'sampleHouseholds',
      'samplePeople',
      'standard.minCollectionRate',
      'standard.maxMissedDeregistrationRate',
      'standard.minAccuracy',
      'standard.minQualifiedShare',
    ],
  },
  { title: 'entry.set.group.study', paths: ['passMark', 'pointsPerRectification', 'pointsPerFailedCheck'] },
  {
    title: 'entry.set.group.partMax',
    paths: ['partMax.patrol', 'partMax.events', 'partMax.basicInfo', 'partMax.study', 'partMax.publicity', 'partMax.rectification', 'partMax.conduct'],
  },
  {
    title: 'entry.set.group.awards',
    paths: [
      'onlineShare',
      'bonus.majorHazard',
      'bonus.commendation.national',
      'bonus.commendation.provincial',
      'bonus.commendation.city',
      'bonus.commendation.district',
      'bonus.cap',
      'monthlyAwards',
      'annualAwards',
      'annualMinMonthlyAwards',
      'annualMinTenureYears',
      'noticeDays',
    ],
  },
];
const PATHS = GROUPS.flatMap((g) => g.paths);

const read = (s: AssessmentSettings, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s);
function write(into: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = into;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}
/** Category weights as the brigade types them: `04=2, 0101=1.5`. */
const weightsText = (w: Record<string, number>) =>
  Object.entries(w)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
function weightsOf(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,，\s]+/).filter(Boolean)) {
    const [k, v] = part.split(/[=:：]/);
    out[k ?? ''] = v === undefined || v.trim() === '' ? Number.NaN : Number(v);
  }
  return out;
}
/** A number as typed: empty is sent as nothing (the server names the field), not as 0. */
const numberOf = (v: string) => (v.trim() === '' ? undefined : Number(v));

export function SettingsEntry() {
  const { t } = useT();
  const today = shanghaiDay(Date.now());
  const answer = useEndpoint(assessment.settings, {});
  const periods = answer?.periods ?? [];
  const current = settingsOn(periods, today);
  const labels = (path: string) =>
    PATHS.includes(path) ? t(`entry.set.${path}` as MessageKey) : path.startsWith('categoryWeights') ? t('entry.set.categoryWeights') : undefined;
  const entry = useEntry(labels);
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  if (!answer) return <p className="muted">…</p>;
  const shown = values ?? {
    ...Object.fromEntries(PATHS.map((p) => [p, String(read(current, p))])),
    categoryWeights: weightsText(current.categoryWeights),
    cut: current.cut,
  };
  const set = (path: string, v: string) => setValues({ ...shown, [path]: v });
  return (
    <div className="entry-part" data-testid="entry-settings">
      <table className="entry-list" data-testid="settings-periods">
        <caption>{t('entry.set.periods')}</caption>
        <thead>
          <tr>
            <th>{t('entry.effectiveFrom')}</th>
            <th>{t('entry.set.categoryWeights')}</th>
            <th>{t('entry.set.ratios')}</th>
            <th>{t('entry.set.passMark')}</th>
            <th>{t('entry.set.samples')}</th>
            <th>{t('entry.set.onlineShare')}</th>
            <th>{t('entry.set.cut')}</th>
          </tr>
        </thead>
        <tbody>
          {(periods.length ? periods : [DEFAULT_SETTINGS]).map((p) => (
            <tr key={p.effectiveFrom} data-period={p.effectiveFrom} className={p.effectiveFrom === current.effectiveFrom ? 'selected' : ''}>
              <td>
                {p.effectiveFrom}
                {p.effectiveFrom === current.effectiveFrom && ` · ${t('entry.set.inForce')}`}
                {periods.length === 0 && ` · ${t('entry.set.defaults')}`}
              </td>
              <td>{weightsText(p.categoryWeights)}</td>
              <td>
                {p.gridClassRatios[1]} / {p.gridClassRatios[2]} / {p.gridClassRatios[3]}
              </td>
              <td>{p.passMark}</td>
              <td>
                {p.sampleHouseholds} / {p.samplePeople}
              </td>
              <td>{p.onlineShare}</td>
              <td>{t(`entry.set.cut.${p.cut}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <EntryForm
        title={t('entry.set.new')}
        testid="settings-form"
        entry={entry}
        onSubmit={async () => {
          const body: Record<string, unknown> = { effectiveFrom, categoryWeights: weightsOf(shown.categoryWeights ?? ''), cut: shown.cut };
          for (const p of PATHS) write(body, p, numberOf(shown[p] ?? ''));
          const ok = await entry.run(() => call(assessment.setSettings, { body: body as unknown as AssessmentSettings }));
          if (ok) setValues(null);
        }}
      >
        <Field label={t('entry.effectiveFrom')}>
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} data-testid="settings-from" />
        </Field>
        <Field label={t('entry.set.categoryWeights')} wide>
          <input value={shown.categoryWeights} onChange={(e) => set('categoryWeights', e.target.value)} placeholder="04=2, 0101=1.5" />
        </Field>
        <Field label={t('entry.set.cut')}>
          <select value={shown.cut} onChange={(e) => set('cut', e.target.value)}>
            <option value="start_of_last_day">{t('entry.set.cut.start_of_last_day')}</option>
            <option value="end_of_month">{t('entry.set.cut.end_of_month')}</option>
          </select>
        </Field>
        {GROUPS.map((g) => (
          <fieldset key={g.title} className="entry-group">
            <legend>{t(g.title)}</legend>
            {g.paths.map((p) => (
              <Field key={p} label={t(`entry.set.${p}` as MessageKey)}>
                <input type="number" step="any" value={shown[p] ?? ''} onChange={(e) => set(p, e.target.value)} data-path={p} />
              </Field>
            ))}
          </fieldset>
        ))}
      </EntryForm>
    </div>
  );
}
