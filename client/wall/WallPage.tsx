import { useMemo } from 'react';
import { useT } from '../i18n.ts';
import { useClock } from '../live/useClock.ts';
import { boundsOf, useGeo } from '../live/useGeo.ts';
import { useLive } from '../live/useLive.ts';
import { useMe } from '../live/useMe.ts';
import { useTargetCoverage } from '../live/useTargetCoverage.ts';
import { MapView } from '../map/MapView.tsx';
import { gridLayer } from '../map/gridLayer.ts';
import { squadColor } from '../map/squadColors.ts';
import { squadOutlineLayer } from '../map/squadOutlineLayer.ts';
import { PASS_COLOURS, targetLayer } from '../map/targetLayer.ts';
import { trailLayer } from '../map/trailLayer.ts';
import { villageLabelLayer } from '../map/villageLabelLayer.ts';
import { workerLayer } from '../map/workerLayer.ts';

/** The command-centre wall (R30): map centre stage, readable from across the room. */
export function WallPage() {
  const me = useMe();
  const { t, toggle } = useT();
  const { date, time } = useClock();
  const { data, error } = useGeo();
  // Sizes follow the viewport so 1920×1080 and 3840×2160 look the same from the back of the room.
  const rem = typeof window === 'undefined' ? 16 : window.innerWidth / 120;
  const live = useLive();
  const coverage = useTargetCoverage();
  const workers = useMemo(() => [...live.store.workers.values()], [live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const layers = useMemo(
    () =>
      data
        ? [
            gridLayer(data.grids),
            squadOutlineLayer(data.squads, Math.max(2, rem / 5)),
            ...(coverage ? [targetLayer(data.targets, coverage, Math.max(3, rem * 0.28))] : []),
            villageLabelLayer(data.villages.features.map((v) => ({ name: v.properties.name, centre: v.properties.centre })), rem * 1.05),
            trailLayer(workers, live.store.at || Date.now(), Math.max(2, rem / 4)),
            workerLayer(workers, Math.max(4, rem * 0.4)),
          ]
        : [],
    [data, rem, workers, live.store.at, coverage],
  );
  const patrolling = workers.filter((w) => w.status === 'patrolling').length;
  const complete = coverage ? [...coverage.values()].filter((c) => c.status === 'complete').length : null;
  const stats = data && [
    { label: t('onPatrol'), value: `${patrolling}/${data.grids.features.length}`, id: 'on-patrol' },
    { label: t('targetsComplete'), value: complete === null ? '…' : `${complete}/${data.targets.features.length}`, id: 'targets-complete' },
    { label: t('squads'), value: data.squads.features.length },
    { label: t('villages'), value: data.villages.features.length },
    { label: t('grids'), value: data.grids.features.length },
  ];

  return (
    <div className="wall">
      <header className="wall-header">
        <h1>{t('title')}</h1>
        <div className="wall-clock">
          <span>{date}</span>
          <strong data-testid="clock">{time}</strong>
          <span className={`conn conn-${live.connection}`} data-testid="connection">{t(live.connection)}</span>
          <button className="lang" onClick={toggle}>{t('langSwitch')}</button>
        </div>
      </header>
      <main className="wall-main">
        {error && <div className="banner error">{t('loadFailed')}: {error.message}</div>}
        {!data || !me ? <div className="loading">{t('loading')}</div> : <MapView basemap={data} layers={layers} bounds={boundsOf(data.boundary)} />}
        {data && (
          <>
            <aside className="panel panel-stats" data-testid="stats">
              {stats!.map((s) => (
                <div key={s.label} className="stat" data-stat={'id' in s ? s.id : undefined}>
                  <span className="stat-value">{s.value}</span>
                  <span className="stat-label">{s.label}</span>
                </div>
              ))}
            </aside>
            <aside className="panel panel-legend">
              <h2>{t('squads')}</h2>
              <ul>
                {data.squads.features.map((s) => (
                  <li key={s.properties.code}>
                    <i style={{ background: `rgb(${squadColor(Number(s.id)).join(',')})` }} />
                    {s.properties.name}
                  </li>
                ))}
              </ul>
              <h2>{t('keyTargets')}</h2>
              <ul>
                {(['complete', 'partial', 'missed'] as const).map((k) => (
                  <li key={k}>
                    <i className="dot" style={{ background: `rgb(${PASS_COLOURS[k].join(',')})` }} />
                    {t(k)}
                  </li>
                ))}
              </ul>
              <h2>{t('roads')}</h2>
              <ul>
                <li><i className="line main" />{t('mainRoad')}</li>
                <li><i className="line central" />{t('centralStreet')}</li>
                <li><i className="line water" />{t('water')}</li>
              </ul>
            </aside>
          </>
        )}
      </main>
    </div>
  );
}
