// Picking a household of my grid: the nearest first, or searched by address, code or a resident's name.
// Offline, a search the phone has not made before is answered from the nearby list it has.
import { useState } from 'react';
import { field } from '../../../shared/field/contract.ts';
import { useT } from '../../platform/i18n.ts';
import type { PickedHousehold } from './navigation.ts';
import { distanceText, nearQuery } from './near.ts';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

export function HouseholdPicker({
  position,
  onPick,
  visited,
  status = 'registered',
}: {
  position: Position | null;
  onPick: (h: PickedHousehold) => void;
  /** Households with a visit still in the queue. */
  visited?: Set<number>;
  status?: 'registered' | 'all';
}) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const term = q.trim();
  const nearby = useFieldData(field.households, { query: { ...nearQuery(position), status, limit: 30 } });
  const searched = useFieldData(field.households, term ? { query: { q: term, status, limit: 30 } } : null);
  const rows = term
    ? (searched.data?.households ?? (searched.error ? (nearby.data?.households ?? []).filter((h) => h.address.includes(term)) : []))
    : (nearby.data?.households ?? []);
  return (
    <div className="field-card">
      <input
        className="field-search"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('field.visit.search')}
        aria-label={t('field.visit.search')}
      />
      <ul className="field-list" data-testid="households">
        {rows.map((h) => (
          <li key={h.id}>
            <button type="button" data-household={h.id} onClick={() => onPick({ id: h.id, address: h.address })}>
              <span className="field-row-main">
                {h.address}
                {h.status === 'deregistered' && <span className="field-tag gone">{t('field.records.deregistered')}</span>}
              </span>
              <span className="field-row-sub">
                {t('field.persons', { n: h.size })}
                {h.residents < h.size && ` · ${t('field.registeredOf', { n: h.residents })}`} ·{' '}
                {visited?.has(h.id) ? t('field.visit.queued') : h.visitedThisMonth ? t('field.visit.doneThisMonth') : t('field.visit.dueThisMonth')}{' '}
                {distanceText(t, h.distanceM)}
              </span>
            </button>
          </li>
        ))}
        {rows.length === 0 && <li className="field-empty">{nearby.loading || searched.loading ? t('loading') : t('field.none')}</li>}
      </ul>
    </div>
  );
}
