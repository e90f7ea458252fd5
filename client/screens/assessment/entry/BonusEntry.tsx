// R28 加分: points for a major hazard found (with its incident if any) or an outside commendation by its
// level (国家级, 省级, 市级, 区县级), within the period's cap.
import { useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { call } from '../../../platform/api.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { type MessageKey, useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { instantOf, nowLocal, useEntry } from './useEntry.ts';
import { WorkerPicker } from './WorkerPicker.tsx';

const LEVELS = ['national', 'provincial', 'city', 'district'] as const;
type Level = (typeof LEVELS)[number];

export function BonusEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const [workerId, setWorkerId] = useState<number | null>(null);
  const [kind, setKind] = useState<'major_hazard' | 'commendation'>('major_hazard');
  const [level, setLevel] = useState<Level>('district');
  const [incidentId, setIncidentId] = useState('');
  const [awardedAt, setAwardedAt] = useState(nowLocal());
  const [note, setNote] = useState('');
  const bonuses = useEndpoint(assessment.ledger, { query: { month } })?.bonuses ?? [];
  return (
    <div className="entry-sub" data-testid="entry-bonus">
      <EntryForm
        title={t('entry.bonus.new')}
        testid="bonus-form"
        entry={entry}
        onSubmit={async () => {
          const common = { workerId: workerId as number, awardedAt: instantOf(awardedAt), note };
          const x = await entry.run(() =>
            call(assessment.bonus, {
              body:
                kind === 'commendation' ? { kind, level, ...common } : { kind, ...common, ...(incidentId.trim() ? { incidentId: Number(incidentId) } : {}) },
            }),
          );
          if (x) setNote('');
        }}
      >
        <Field label={t('entry.worker')}>
          <WorkerPicker month={month} value={workerId} onChange={setWorkerId} />
        </Field>
        <Field label={t('entry.bonus.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="major_hazard">{t('entry.bonus.major_hazard')}</option>
            <option value="commendation">{t('entry.bonus.commendation')}</option>
          </select>
        </Field>
        {kind === 'commendation' ? (
          <Field label={t('entry.bonus.level')}>
            <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`entry.level.${l}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label={t('entry.incidentId')}>
            <input type="number" value={incidentId} onChange={(e) => setIncidentId(e.target.value)} placeholder={t('entry.optional')} />
          </Field>
        )}
        <Field label={t('entry.awardedAt')}>
          <input type="datetime-local" value={awardedAt} onChange={(e) => setAwardedAt(e.target.value)} />
        </Field>
        <Field label={t('entry.note')} wide>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </EntryForm>
      <table className="entry-list wide" data-testid="bonus-list">
        <thead>
          <tr>
            <th>{t('entry.worker')}</th>
            <th>{t('entry.bonus.kind')}</th>
            <th>{t('entry.awardedAt')}</th>
            <th>{t('entry.note')}</th>
          </tr>
        </thead>
        <tbody>
          {bonuses.map((b) => (
            <tr key={b.id} data-bonus={b.id}>
              <td>{b.worker}</td>
              <td>
                {t(`entry.bonus.${b.kind}` as MessageKey)}
                {b.level && ` · ${t(`entry.level.${b.level}` as MessageKey)}`}
              </td>
              <td>{formatDateTime(b.awardedAt)}</td>
              <td className="text">{b.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
