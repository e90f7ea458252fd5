import { useMemo, useState } from 'react';
import type { PassStatus } from '../../../shared/coverage/engine.ts';
import { itemKey, type CoverageLayer } from '../../../shared/coverage/live.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { useT } from '../../platform/i18n.ts';
import { useClock } from '../../platform/useClock.ts';
import { useCoverage } from '../../coverage/useCoverage.ts';
import { boundsOf, useGeo } from '../../geo/useGeo.ts';
import { useLive } from '../../tracking/useLive.ts';
import { useMe } from '../../platform/useMe.ts';
import { useSite } from '../../platform/useSite.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { coverage as coverageContract } from '../../../shared/coverage/contract.ts';
import { incidents as incidentsContract } from '../../../shared/incidents/contract.ts';
import { tracking } from '../../../shared/tracking/contract.ts';
import { visits } from '../../../shared/visits/contract.ts';
import { MapView } from '../../platform/map/MapView.tsx';
import { blindSpotLayer } from '../../coverage/blindSpotLayer.ts';
import { gridCoverageLayer } from '../../coverage/gridCoverageLayer.ts';
import { gridLayer } from '../../geo/gridLayer.ts';
import { heatLayer } from '../../coverage/heatLayer.ts';
import { PASS_COLOURS } from '../../coverage/passColours.ts';
import { roadCellLayer } from '../../coverage/roadCellLayer.ts';
import { squadColor } from '../../geo/squadColors.ts';
import { squadOutlineLayer } from '../../geo/squadOutlineLayer.ts';
import { targetLayer } from '../../coverage/targetLayer.ts';
import { trailLayer } from '../../tracking/trailLayer.ts';
import { villageLabelLayer } from '../../geo/villageLabelLayer.ts';
import { workerLayer } from '../../tracking/workerLayer.ts';
import { headingColumns, trailColumns, trailOrigin, workerColumns } from '../../tracking/workerColumns.ts';
import { INCIDENT_LABELS } from '../../../shared/incidents/machine.ts';
import { useIncidents } from '../../incidents/useIncidents.ts';
import { ReplayBar, type ReplayFrame } from './ReplayBar.tsx';
import { INCIDENT_COLOURS, incidentColour } from '../../incidents/incidentColours.ts';
import { incidentLayer } from '../../incidents/incidentLayer.ts';
import { incidentPulseLayer } from '../../incidents/incidentPulseLayer.ts';
import { incidentClusters } from '../../incidents/incidentClusters.ts';
import { incidentClusterLayer } from '../../incidents/incidentClusterLayer.ts';
import { incidentClusterCountLayer } from '../../incidents/incidentClusterCountLayer.ts';
import { dayTrackLayer } from '../../tracking/dayTrackLayer.ts';
import { headingLayer } from '../../tracking/headingLayer.ts';
import { IncidentDonut } from './IncidentDonut.tsx';
import type { IncidentColour } from '../../incidents/incidentColours.ts';

/** A worker of the day's notice (R16) as the wall gets it: masked name, what is left. */
type Toggle = 'incidents' | 'targets' | 'roadCells' | 'trails' | 'dayTracks' | 'gridCoverage' | 'heat' | 'blindSpots';
const TOGGLES: Toggle[] = ['incidents', 'targets', 'roadCells', 'trails', 'dayTracks', 'gridCoverage', 'heat', 'blindSpots'];
/** The wall is configured by its URL (`?layers=heat,blindSpots`), as nobody touches it. */
const initialLayers = (): Set<Toggle> => {
  const asked = new URLSearchParams(location.search).get('layers');
  return new Set(asked ? (asked.split(',').filter((l) => (TOGGLES as string[]).includes(l)) as Toggle[]) : ['incidents', 'targets', 'roadCells', 'trails']);
};

/** How old the newest data is, for the connection indicator: a wall that silently froze must show it. */
const ago = (ms: number, lang: 'zh' | 'en') => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (lang === 'en') return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
  return s < 60 ? `${s}秒前` : s < 3600 ? `${Math.round(s / 60)}分钟前` : `${Math.round(s / 3600)}小时前`;
};

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

/** The command-centre wall (R30): map centre stage, readable from across the room. */
export function WallPage() {
  const me = useMe();
  const site = useSite();
  const { t, lang, toggle } = useT();
  const { date, time } = useClock();
  const { data, error } = useGeo();
  // Sizes follow the viewport so 1920×1080 and 3840×2160 look the same from the back of the room.
  const rem = typeof window === 'undefined' ? 16 : Math.min(window.innerWidth / 120, window.innerHeight / 67.5);
  const live = useLive();
  const coverage = useCoverage(live.socket);
  const [shown, setShown] = useState(initialLayers);
  const today = shanghaiDay(Date.now());
  const heat = useEndpoint(coverageContract.heatmap, shown.has('heat') ? { query: { from: today, to: today } } : null, { everyMs: 60_000 });
  const blind = useEndpoint(coverageContract.blindSpots, shown.has('blindSpots') ? { query: { days: 7 } } : null, { everyMs: 300_000 });
  const households = useEndpoint(visits.households, {}, { everyMs: 300_000 });
  const focus = useEndpoint(visits.focusOverdue, {}, { everyMs: 300_000 });
  const incidents = useIncidents(live.socket);
  const kpis = useEndpoint(incidentsContract.kpis, { query: { from: today, to: today } }, { everyMs: 30_000 });
  const openIncidents = useMemo(() => [...incidents.store.open.values()], [incidents.version]); // eslint-disable-line react-hooks/exhaustive-deps
  // In replay the frame of the chosen moment stands in for the live picture on the map.
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const [replayDay, setReplayDay] = useState(today);
  const [frame, setFrame] = useState<ReplayFrame | null>(null);
  const liveWorkers = useMemo(() => [...live.store.workers.values()], [live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const workers = frame ? frame.workers : liveWorkers;
  const trackDay = frame ? replayDay : today;
  const dayTracks = useEndpoint(tracking.dayTracks, shown.has('dayTracks') ? { query: { date: trackDay } } : null, { everyMs: 120_000 });
  const notice = useEndpoint(coverageContract.notice, {}, { everyMs: 60_000 });

  // The picture of the town changes seldom; the workers several times a second. Two memos and two overlays,
  // so that a live delta rebuilds and redraws only the workers' and the pins' layers, not the town's.
  const villageLabels = useMemo(() => (data ? data.villages.features.map((v) => ({ name: v.properties.name, centre: v.properties.centre })) : []), [data]);
  const townLayers = useMemo(() => {
    if (!data) return [];
    const store = coverage.store;
    const past = frame && { targets: new Map(frame.targets.map((t) => [t.id, t.status])), cells: new Map(frame.cells.map((c) => [c.id, c.status])) };
    const statusOf =
      (layer: CoverageLayer) =>
      (id: number): PassStatus =>
        (past ? past[layer].get(id) : store?.items.get(itemKey(layer, id))?.status) ?? 'missed';
    return [
      shown.has('gridCoverage') && store ? gridCoverageLayer(data.grids, store.grids, null, () => undefined) : gridLayer(data.grids),
      ...(shown.has('heat') && heat ? [heatLayer(heat.cells)] : []),
      ...(shown.has('blindSpots') && blind ? [blindSpotLayer(blind, Math.max(1, rem / 12))] : []),
      squadOutlineLayer(data.squads, Math.max(2, rem / 5)),
      ...(shown.has('roadCells') && store
        ? [roadCellLayer(data.roadCells, statusOf('cells'), Math.max(2, rem * 0.22), frame ? Date.parse(frame.at) : coverage.version)]
        : []),
      ...(shown.has('targets') && store
        ? [targetLayer(data.targets, statusOf('targets'), Math.max(3, rem * 0.28), frame ? Date.parse(frame.at) : coverage.version)]
        : []),
      villageLabelLayer(villageLabels, rem * 1.05),
      ...(shown.has('dayTracks') && dayTracks ? [dayTrackLayer(dayTracks.tracks, Math.max(1.5, rem / 7))] : []),
    ];
  }, [data, rem, coverage.store, coverage.version, shown, heat, blind, dayTracks, villageLabels, frame]);
  // The workers as typed-array columns, made once per delta (a city's 10,000 workers included).
  const workerCols = useMemo(() => workerColumns(workers), [workers]);
  const headingCols = useMemo(() => headingColumns(workers), [workers]);
  const trailNow = frame ? Date.parse(frame.at) : live.store.at || Date.now();
  const origin = trailOrigin(trailNow);
  const showTrails = shown.has('trails');
  const trailCols = useMemo(() => (showTrails ? trailColumns(workers, origin) : null), [workers, origin, showTrails]);
  // Pins that would overlap at this zoom become a cluster with a count; zooming in splits them.
  const [zoom, setZoom] = useState(0);
  const pinPx = Math.max(5, rem * 0.5);
  const pinView = useMemo(() => incidentClusters(frame ? frame.incidents : openIncidents, Math.floor(zoom), pinPx * 2.5), [frame, openIncidents, zoom, pinPx]);
  const liveLayers = useMemo(() => {
    if (!data) return [];
    const { pins, clusters } = pinView;
    // A new incident inside a cluster pulses at the cluster.
    const pulsing = [...pins, ...clusters.flatMap((c) => c.members.map((i) => ({ ...i, lon: c.lon, lat: c.lat })))];
    return [
      ...(trailCols ? [trailLayer(trailCols, trailNow, Math.max(2, rem / 4))] : []),
      workerLayer(workerCols, Math.max(4, rem * 0.4)),
      headingLayer(headingCols, Math.max(4, rem * 0.4)),
      ...(shown.has('incidents')
        ? [
            ...(frame ? [] : [incidentPulseLayer(pulsing, incidents.store.firstSeen, Date.now(), pinPx)]),
            incidentLayer(pins, pinPx, frame ? Date.parse(frame.at) : incidents.version),
            incidentClusterLayer(clusters, pinPx),
            incidentClusterCountLayer(clusters, pinPx),
          ]
        : []),
    ];
  }, [data, rem, trailCols, trailNow, workerCols, headingCols, shown, pinView, pinPx, incidents.store.firstSeen, incidents.version, frame]);

  const town = coverage.store?.town;
  const patrolling = workers.filter((w) => w.status === 'patrolling').length;
  const stats = data && [
    { id: 'on-patrol', label: t('onPatrol'), value: `${patrolling}/${data.grids.features.length}` },
    { id: 'targets-complete', label: t('targetsComplete'), value: town ? `${town.complete}/${town.targets}` : '…' },
    { id: 'road-double', label: t('roadDouble'), value: town ? percent(town.roadDouble) : '…' },
    { id: 'households', label: t('householdVisits'), value: households ? percent(households.town.coverage) : '…' },
    { id: 'qualified', label: t('qualifiedToday'), value: town ? `${town.qualified}/${town.workers}` : '…' },
    { id: 'focus-overdue', label: t('focusOverdue'), value: focus ? String(focus.overdue.length) : '…' },
  ];
  const ranking =
    data && coverage.store
      ? data.squads.features
          .map((s) => ({ id: Number(s.id), name: s.properties.name.replace('巡查', ''), c: coverage.store!.squads.get(Number(s.id)) }))
          .sort((a, b) => (b.c?.completion ?? 0) - (a.c?.completion ?? 0) || a.id - b.id)
      : null;
  const overdueNow = openIncidents.filter((i) => i.urgency === 'overdue').length;
  const incidentStats = [
    { id: 'reports-today', label: t('reportsToday'), value: kpis ? String(kpis.total.reports) : '…' },
    { id: 'open-now', label: t('openNow'), value: String(openIncidents.length) },
    { id: 'overdue-now', label: t('overdueNow'), value: String(overdueNow), alarm: overdueNow > 0 },
    { id: 'closed-today', label: t('closedToday'), value: kpis ? String(kpis.total.closed) : '…' },
    { id: 'on-time-close', label: t('onTimeClose'), value: kpis ? percent(kpis.total.onTimeCloseRate) : '…' },
  ];
  const byColour = useMemo(() => {
    const counts: Record<IncidentColour, number> = { overdue: 0, warning: 0, new: 0, working: 0, handled: 0 };
    for (const i of openIncidents) counts[incidentColour(i)]++;
    return counts;
  }, [openIncidents]);
  const colourLabels = useMemo(
    () => ({ overdue: t('pinOverdue'), warning: t('pinWarning'), new: t('pinNew'), working: t('pinWorking'), handled: t('pinHandled') }),
    [t],
  );
  const flip = (l: Toggle) =>
    setShown((s) => {
      const next = new Set(s);
      if (!next.delete(l)) next.add(l);
      return next;
    });

  return (
    <div className="wall">
      <header className="wall-header">
        <h1>
          {lang === 'zh' && site ? site.title : t('title')}
          {frame && (
            <span className="replay-flag" data-testid="replay-flag">
              {' '}
              · {t('replay')}
            </span>
          )}
        </h1>
        <div className="wall-clock">
          <span>{date}</span>
          <strong data-testid="clock">{time}</strong>
          <span className={`conn conn-${live.connection}`} data-testid="connection">
            {t(live.connection)}
          </span>
          {live.store.at > 0 && (
            <span className="data-age" data-testid="data-age">
              {t('newestData')} {ago(Date.now() - live.store.at, lang)}
            </span>
          )}
          <button className="lang" onClick={toggle}>
            {t('langSwitch')}
          </button>
        </div>
      </header>
      <main className="wall-main">
        {error && (
          <div className="banner error">
            {t('loadFailed')}: {error.message}
          </div>
        )}
        {!data || !me ? (
          <div className="loading">{t('loading')}</div>
        ) : (
          <MapView basemap={data} layers={townLayers} liveLayers={liveLayers} bounds={boundsOf(data.boundary)} onZoom={setZoom} />
        )}
        {data && (
          <>
            <aside className="panel panel-incidents" data-testid="incidents">
              <h2>{t('incidentPanel')}</h2>
              <div className="incident-top">
                <IncidentDonut counts={byColour} labels={colourLabels} total={openIncidents.length} />
                <div className="incident-stats">
                  {incidentStats.map((s) => (
                    <div key={s.id} className={`istat${s.alarm ? ' alarm' : ''}`} data-stat={s.id}>
                      <span className="istat-value">{s.value}</span>
                      <span className="istat-label">{s.label}</span>
                    </div>
                  ))}
                </div>
              </div>
              <ol className="incident-feed" data-testid="incident-feed">
                {incidents.store.feed.length === 0 && <li className="muted">{t('noIncidents')}</li>}
                {incidents.store.feed.slice(0, 6).map((u) => (
                  <li key={u.seq}>
                    <i style={{ background: `rgb(${INCIDENT_COLOURS[incidentColour(u.incident)].join(',')})` }} />
                    <span className="feed-time">
                      {new Date(u.incident.updatedAt).toLocaleTimeString('zh-CN', {
                        timeZone: 'Asia/Shanghai',
                        hour: '2-digit',
                        minute: '2-digit',
                        hour12: false,
                      })}
                    </span>
                    <span className="feed-event">{INCIDENT_LABELS[u.event as keyof typeof INCIDENT_LABELS]?.[lang] ?? u.event}</span>
                    <span className="feed-what">{u.incident.category.split('·').pop()}</span>
                  </li>
                ))}
              </ol>
            </aside>
            <aside className="panel panel-stats" data-testid="stats">
              {stats!.map((s) => (
                <div key={s.id} className="stat" data-stat={s.id}>
                  <span className="stat-value">{s.value}</span>
                  <span className="stat-label">{s.label}</span>
                </div>
              ))}
            </aside>
            {ranking && (
              <aside className="panel panel-ranking" data-testid="ranking">
                <h2>{t('squadRanking')}</h2>
                <ol>
                  {ranking.map((s) => (
                    <li key={s.id} data-squad={s.id}>
                      <i style={{ background: `rgb(${squadColor(s.id).join(',')})` }} />
                      <span className="rank-name">{s.name}</span>
                      <span className="rank-bar">
                        <b style={{ width: percent(s.c?.completion ?? 0) }} />
                      </span>
                      <span className="rank-value">{percent(s.c?.completion)}</span>
                      <span className="rank-road">
                        {t('roadShort')} {percent(s.c?.roadDouble)}
                      </span>
                    </li>
                  ))}
                </ol>
              </aside>
            )}
            {notice && (
              <aside className="panel panel-unqualified" data-testid="unqualified">
                <h2>
                  {t('notQualified')} <b data-testid="unqualified-count">{notice.unqualified.length}</b>
                  <span className="muted"> / {notice.workers}</span>
                </h2>
                <ol>
                  {notice.unqualified.slice(0, 5).map((w) => (
                    <li key={w.workerId} data-worker={w.workerId}>
                      <i style={{ background: `rgb(${squadColor(w.squadId).join(',')})` }} />
                      <span className="uq-who">{w.worker ?? w.gridCode.slice(-5)}</span>
                      <span className="uq-what">
                        {t('targetsShort')} {w.complete}/{w.targets} · {t('roadShort')} −{w.cellsLeft} · {w.patrolMinutes}′
                      </span>
                    </li>
                  ))}
                </ol>
              </aside>
            )}
            <ReplayBar
              day={replayDay}
              onDay={setReplayDay}
              today={today}
              at={replayAt}
              onAt={setReplayAt}
              onFrame={setFrame}
              labels={{ replay: t('replay'), live: t('backToLive'), play: t('play'), pause: t('pause'), day: t('replayDay') }}
            />
            <aside className="panel panel-legend">
              <h2>{t('squads')}</h2>
              <ul className="legend-squads">
                {data.squads.features.map((s) => (
                  <li key={s.properties.code}>
                    <i style={{ background: `rgb(${squadColor(Number(s.id)).join(',')})` }} />
                    {s.properties.name}
                  </li>
                ))}
              </ul>
              <h2>
                {t('keyTargets')} · {t('roadCells')}
              </h2>
              <ul>
                {(['complete', 'partial', 'missed'] as const).map((k) => (
                  <li key={k}>
                    <i className="dot" style={{ background: `rgb(${PASS_COLOURS[k].join(',')})` }} />
                    {t(k)}
                  </li>
                ))}
              </ul>
              <h2>{t('incidents')}</h2>
              <ul className="legend-pins">
                {(['new', 'working', 'warning', 'overdue', 'handled'] as const).map((k) => (
                  <li key={k}>
                    <i className="dot" style={{ background: `rgb(${INCIDENT_COLOURS[k].join(',')})` }} />
                    {t(`pin${k[0]!.toUpperCase()}${k.slice(1)}` as 'pinNew')}
                  </li>
                ))}
              </ul>
              <h2>{t('layers')}</h2>
              <div className="toggles">
                {TOGGLES.map((l) => (
                  <button key={l} className={shown.has(l) ? 'on' : ''} aria-pressed={shown.has(l)} data-layer={l} onClick={() => flip(l)}>
                    {t(l === 'targets' ? 'keyTargets' : l)}
                  </button>
                ))}
              </div>
            </aside>
          </>
        )}
      </main>
    </div>
  );
}
