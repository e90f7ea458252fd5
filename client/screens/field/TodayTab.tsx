// 今日: where I stand today (R13–R16) and what is due (R14, R20), nearest first; the patrol report (R15).
import { lazy, Suspense, useMemo, useState } from 'react';
import type { FeatureCollection, LineString } from 'geojson';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { field, type Missing } from '../../../shared/field/contract.ts';
import { geo } from '../../../shared/geo/contract.ts';
import { tracking } from '../../../shared/tracking/contract.ts';
import { useOutbox } from '../../field/outbox.ts';
import { type Translate, useT } from '../../platform/i18n.ts';
import type { Go } from './navigation.ts';
import { distanceText, nearQuery } from './near.ts';
import { PatrolCard } from './PatrolCard.tsx';
import { queuedVisits } from './queued.ts';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

const FieldMap = lazy(() => import('./FieldMap.tsx').then((m) => ({ default: m.FieldMap })));
const MAP_KEY = 'field.showMap';
/** How many of each due list are shown before "more". */
const SHOWN = 8;

function missingText(t: Translate, m: Missing): string {
  switch (m.kind) {
    case 'patrol_time':
      return t('field.today.missingTime', { have: m.haveMinutes, need: m.needMinutes });
    case 'target':
      return t('field.today.missingTarget', { name: m.name, passes: m.passes, need: m.requiredPasses });
    case 'road_cell':
      return t('field.today.missingCell', { road: m.road, seq: m.seq, passes: m.passes, need: m.requiredPasses });
  }
}

export function TodayTab({ position, go }: { position: Position | null; go: Go }) {
  const { t } = useT();
  const today = useFieldData(field.today, { query: nearQuery(position) }, { everyMs: 60_000 });
  const { entries } = useOutbox();
  const visited = useMemo(() => queuedVisits(entries), [entries]);
  const [showMap, setShowMap] = useState(() => localStorage.getItem(MAP_KEY) === 'true');
  const [all, setAll] = useState(false);
  const d = today.data;
  if (!d) return <section className="field-tab field-empty">{today.error ? t('field.loadFailed') : t('loading')}</section>;

  const toPatrol = [...d.targets.filter((x) => x.status !== 'complete'), ...d.cells.filter((x) => x.status !== 'complete')];
  const dueHouseholds = d.households.due.filter((h) => !visited.has(h.householdId));
  const visitedCount = d.households.visited + [...visited].filter((id) => d.households.due.some((h) => h.householdId === id)).length;

  return (
    <section className="field-tab" data-testid="today">
      <div className={`field-card field-verdict ${d.qualified ? 'ok' : 'not-ok'}`} data-testid="verdict">
        <h2>{d.qualified ? t('field.today.qualified') : t('field.today.notQualified')}</h2>
        <div className="field-figures">
          <span>
            <b>{d.patrolMinutes}</b>/{d.minPatrolMinutes} {t('field.minutes')}
          </span>
          <span>
            <b>{d.targets.filter((x) => x.status === 'complete').length}</b>/{d.targets.length} {t('field.today.targets')}
          </span>
          <span>
            <b>{d.cells.filter((x) => x.status === 'complete').length}</b>/{d.cells.length} {t('field.today.cells')}
          </span>
          <span>
            <b>{visitedCount}</b>/{d.households.total} {t('field.today.households')}
          </span>
        </div>
        {!d.qualified && (
          <ul className="field-missing" data-testid="missing">
            {(all ? d.missing : d.missing.slice(0, 4)).map((m) => (
              <li key={`${m.kind}-${'targetId' in m ? m.targetId : 'cellId' in m ? m.cellId : 0}`}>{missingText(t, m)}</li>
            ))}
            {d.missing.length > 4 && !all && (
              <li>
                <button type="button" className="field-link" onClick={() => setAll(true)}>
                  {t('field.today.moreMissing', { n: d.missing.length - 4 })}
                </button>
              </li>
            )}
          </ul>
        )}
      </div>

      <PatrolCard position={position} open={d.patrols.open} reported={d.patrols.reported} />

      <div className="field-card">
        <div className="field-card-head">
          <h2>
            {d.grid.name} <small>{d.grid.code}</small>
          </h2>
          <button
            type="button"
            className="field-secondary small"
            data-testid="toggle-map"
            onClick={() => {
              setShowMap(!showMap);
              localStorage.setItem(MAP_KEY, String(!showMap));
            }}
          >
            {showMap ? t('field.today.hideMap') : t('field.today.showMap')}
          </button>
        </div>
        {showMap && <TodayMap d={d} position={position} />}
      </div>

      {d.rectifications.length > 0 && (
        <div className="field-card">
          <h2>{t('field.today.rectifications')}</h2>
          <ul className="field-list">
            {d.rectifications.map((r) => (
              <li key={r.rectificationId}>
                <button type="button" onClick={() => go('cases')}>
                  <span className="field-row-main">
                    {r.category} · {r.responsibleParty}
                  </span>
                  <span className="field-row-sub">
                    {t('field.today.dueOn', { day: r.deadline })} {r.overdueDays > 0 && t('field.overdueDays', { n: r.overdueDays })}{' '}
                    {distanceText(t, r.distanceM)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {d.persons.length > 0 && (
        <div className="field-card">
          <h2>{t('field.today.persons')}</h2>
          <ul className="field-list" data-testid="due-persons">
            {d.persons.slice(0, SHOWN).map((p) => (
              <li key={p.personId}>
                <button type="button" onClick={() => go('visit', { id: p.householdId, address: p.address })}>
                  <span className="field-row-main">
                    <span className={`field-tag ${p.kind}`}>{p.kind === 'assist' ? t('field.assist') : t('field.concern')}</span> {p.name} · {p.address}
                  </span>
                  <span className="field-row-sub">
                    {t('field.today.dueOn', { day: p.dueOn })} {p.overdueDays > 0 && t('field.overdueDays', { n: p.overdueDays })}{' '}
                    {distanceText(t, p.distanceM)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="field-card">
        <h2>{t('field.today.dueHouseholds', { n: dueHouseholds.length })}</h2>
        <ul className="field-list" data-testid="due-households">
          {dueHouseholds.slice(0, SHOWN).map((h) => (
            <li key={h.householdId}>
              <button type="button" data-household={h.householdId} onClick={() => go('visit', { id: h.householdId, address: h.address })}>
                <span className="field-row-main">{h.address}</span>
                <span className="field-row-sub">
                  {t('field.persons', { n: h.size })} · {h.lastVisit ? t('field.lastVisit', { day: h.lastVisit }) : t('field.neverVisited')}{' '}
                  {distanceText(t, h.distanceM)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>

      <div className="field-card">
        <h2>{t('field.today.toPatrol', { n: toPatrol.length })}</h2>
        <ul className="field-list" data-testid="to-patrol">
          {toPatrol
            .sort((a, b) => (a.distanceM ?? 0) - (b.distanceM ?? 0))
            .slice(0, SHOWN)
            .map((x) => (
              <li key={'targetId' in x ? `t${x.targetId}` : `c${x.cellId}`} className="field-static">
                <span className="field-row-main">
                  <span className={`field-passes p${Math.min(x.passes, 2)}`}>
                    {x.passes}/{x.requiredPasses}
                  </span>{' '}
                  {'targetId' in x ? x.name : t('field.today.cell', { road: x.road, seq: x.seq })}
                </span>
                <span className="field-row-sub">{distanceText(t, x.distanceM)}</span>
              </li>
            ))}
        </ul>
      </div>
    </section>
  );
}

function TodayMap({ d, position }: { d: NonNullable<ReturnType<typeof useFieldData<typeof field.today>>['data']>; position: Position | null }) {
  const { t } = useT();
  const cells = useFieldData(geo.roadCells, {});
  const tracks = useFieldData(tracking.dayTracks, { query: { date: shanghaiDay(Date.now()) } });
  const passesOf = useMemo(() => new Map(d.cells.map((c) => [c.cellId, c.passes])), [d.cells]);
  const lines = useMemo<FeatureCollection<LineString, { passes: number }> | undefined>(
    () =>
      cells.data
        ? { type: 'FeatureCollection', features: cells.data.features.map((f) => ({ ...f, properties: { passes: passesOf.get(Number(f.id)) ?? 0 } })) }
        : undefined,
    [cells.data, passesOf],
  );
  const track = tracks.data?.tracks.find((x) => x.workerId === d.worker.id)?.paths;
  return (
    <Suspense fallback={<div className="field-map field-empty">{t('loading')}</div>}>
      <FieldMap grid={d.grid.area} cells={lines} targets={d.targets} track={track} me={position} />
    </Suspense>
  );
}
