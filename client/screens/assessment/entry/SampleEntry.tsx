// R22 基础信息抽查: the inspection team picks a worker, draws a reproducible sample of their households or
// people (the period's size, or another; a seed to repeat it), sees what was drawn, and records each one's
// on-site result (准确 / 漏采 / 漏注销 / 信息有误).
import { useState } from 'react';
import { assessment, SAMPLE_SUBJECTS } from '../../../../shared/assessment/contract.ts';
import { settingsOn } from '../../../../shared/assessment/settings.ts';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { SampleResults } from './SampleResults.tsx';
import { useEntry } from './useEntry.ts';
import { WorkerPicker } from './WorkerPicker.tsx';

type Subject = (typeof SAMPLE_SUBJECTS)[number];

export function SampleEntry({ month }: { month: string }) {
  const { t } = useT();
  const draw = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [subject, setSubject] = useState<Subject>('households');
  const [size, setSize] = useState('');
  const [seed, setSeed] = useState('');
  const [full, setFull] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const settings = useEndpoint(assessment.settings, {});
  const ledger = useEndpoint(assessment.ledger, { query: { month } });
  const now = settings ? settingsOn(settings.periods, shanghaiDay(Date.now())) : null;
  const defaultSize = now ? (subject === 'people' ? now.samplePeople : now.sampleHouseholds) : null;
  return (
    <div className="entry-part" data-testid="entry-sample">
      <EntryForm
        title={t('entry.sample.draw')}
        testid="sample-form"
        entry={draw}
        submit={t('entry.sample.drawButton')}
        onSubmit={async () => {
          const s = await draw.run(
            () =>
              call(assessment.drawSample, {
                body: {
                  workerId: workerId as number,
                  subject,
                  full,
                  ...(size.trim() && !full ? { size: Number(size) } : {}),
                  ...(seed.trim() ? { seed: seed.trim() } : {}),
                },
              }),
            (x) => t('entry.sample.drawn', { n: x.householdIds.length + x.residentIds.length, seed: x.seed }),
          );
          if (s) setOpen(s.id);
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.sample.subject')}>
          <select value={subject} onChange={(e) => setSubject(e.target.value as Subject)} data-testid="sample-subject">
            {SAMPLE_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {t(`entry.subject.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('entry.sampleSize')}>
          <input
            type="number"
            value={size}
            disabled={full}
            onChange={(e) => setSize(e.target.value)}
            placeholder={defaultSize === null ? '' : t('entry.sample.defaultSize', { n: defaultSize })}
            data-testid="sample-size"
          />
        </Field>
        <Field label={t('entry.seed')}>
          <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder={t('entry.sample.seedHint')} data-testid="sample-seed" />
        </Field>
        <Field label={t('entry.sample.full')}>
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} />
        </Field>
      </EntryForm>
      <table className="entry-list" data-testid="sample-list">
        <caption>{t('entry.sample.list')}</caption>
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.sample.subject')}</th>
            <th>{t('entry.sampleSize')}</th>
            <th>{t('entry.sample.checked')}</th>
            <th>{t('entry.sample.at')}</th>
          </tr>
        </thead>
        <tbody>
          {(ledger?.samples ?? []).map((s) => (
            <tr key={s.id} data-sample={s.id} className={s.id === open ? 'selected' : ''} onClick={() => setOpen(s.id)}>
              <td>{s.worker}</td>
              <td>{t(s.fullCheck ? 'entry.sample.fullOf' : 'entry.sample.sampleOf', { what: t(`entry.subject.${s.subject}` as MessageKey) })}</td>
              <td>{s.size}</td>
              <td>{s.checked}</td>
              <td>{formatDateTime(s.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && <SampleResults key={open} id={open} />}
    </div>
  );
}
