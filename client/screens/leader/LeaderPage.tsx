import { formatDateTime } from '../../platform/format.ts';
import { useEffect, useMemo, useState } from 'react';
import type { AnswerOf } from '../../../shared/core/contract.ts';
import { type AreaCoverage, type Notice, coverage } from '../../../shared/coverage/contract.ts';
import { incidents } from '../../../shared/incidents/contract.ts';
import { tracking } from '../../../shared/tracking/contract.ts';
import { visits as visitsContract } from '../../../shared/visits/contract.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { call } from '../../platform/api.ts';
import { OPEN_INCIDENTS } from '../../incidents/openIncidents.ts';
import { useT } from '../../platform/i18n.ts';
import { boundsOf, useGeo } from '../../geo/useGeo.ts';
import { useMe } from '../../platform/useMe.ts';
import { queryClient, useEndpoint } from '../../platform/useEndpoint.ts';
import { MapView, downloadMapPng } from '../../platform/map/MapView.tsx';
import { gridCoverageLayer } from '../../coverage/gridCoverageLayer.ts';
import { incidentLayer } from '../../incidents/incidentLayer.ts';
import { squadOutlineLayer } from '../../geo/squadOutlineLayer.ts';
import { trackLayer } from '../../tracking/trackLayer.ts';
import { TrendChart } from './TrendChart.tsx';
import { exportTable, type Column } from './exportTable.ts';

/** The selected grid's worker on the day: their key targets, road cells left, track and visits of the month. */
interface Worker {
  targets: AnswerOf<typeof coverage.targets>['targets'];
  cellsLeft: number;
  track: AnswerOf<typeof tracking.tracks>;
  visits: AnswerOf<typeof visitsContract.list>['visits'];
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

/** The leader's view (R32): town and squads at a glance, drill down to a grid and its worker, trends, export. */
export function LeaderPage() {
  const me = useMe();
  const { t, toggle } = useT();
  const { data } = useGeo();
  const [day, setDay] = useState(shanghaiDay(Date.now()));
  const month = day.slice(0, 7);
  const summary = useEndpoint(coverage.summary, { query: { date: day } }, { everyMs: 60_000 });
  const households = useEndpoint(visitsContract.households, { query: { month } }, { everyMs: 300_000 });
  const focus = useEndpoint(visitsContract.focusOverdue, { query: { date: day } }, { everyMs: 300_000 });
  const kpis = useEndpoint(incidents.kpis, { query: { from: day, to: day, groupBy: 'squad' } }, { everyMs: 60_000 });
  // The same query as the wall's incident pins: one entry in the page's cache.
  const open = useEndpoint(incidents.list, OPEN_INCIDENTS, { everyMs: 60_000 });
  const [trendDays, setTrendDays] = useState<7 | 30>(30);
  const history = useEndpoint(coverage.history, { query: { days: trendDays } }, { everyMs: 600_000 });
  const polledNotice = useEndpoint(coverage.notice, { query: { date: day } }, { everyMs: 120_000 });
  const [justPublished, setJustPublished] = useState<Notice | null>(null);
  const notice = justPublished?.date === day ? justPublished : polledNotice;
  const [squad, setSquad] = useState<number | null>(null);
  const [grid, setGrid] = useState<number | null>(null);
  const [worker, setWorker] = useState<Worker | null>(null);

  const squadName = useMemo(() => new Map(data?.squads.features.map((s) => [Number(s.id), s.properties.name]) ?? []), [data]);
  const rows = useMemo(() => {
    if (!summary) return [];
    const incidentsOf = (sq: number | null) => (open?.incidents ?? []).filter((i) => sq === null || i.squadId === sq);
    const line = (name: string, sq: number | null, c: AreaCoverage) => ({
      key: sq === null ? 'town' : String(sq),
      squadId: sq,
      name,
      completion: c.completion,
      roadDouble: c.roadDouble,
      households: sq === null ? (households?.town.coverage ?? null) : (households?.squads.find((h) => h.squadId === sq)?.coverage ?? null),
      focusOverdue: (focus?.overdue ?? []).filter((f) => sq === null || f.squadId === sq).length,
      open: incidentsOf(sq).length,
      overdue: incidentsOf(sq).filter((i) => i.urgency === 'overdue').length,
      onTime: sq === null ? (kpis?.total.onTimeCloseRate ?? null) : (kpis?.groups.find((g) => g.key === String(sq))?.onTimeCloseRate ?? null),
      qualified: `${c.qualified}/${c.workers}`,
    });
    return [line(t('leader.town'), null, summary.town), ...summary.squads.map((s) => line(squadName.get(s.squadId) ?? String(s.squadId), s.squadId, s))];
  }, [summary, households, focus, kpis, open, squadName, t]);

  const COLUMNS: Column<(typeof rows)[number]>[] = [
    { header: t('leader.colUnit'), value: (r) => r.name },
    { header: t('leader.colTargets'), value: (r) => r.completion, percent: true },
    { header: t('leader.colRoads'), value: (r) => r.roadDouble, percent: true },
    { header: t('leader.colHouseholds'), value: (r) => r.households, percent: true },
    { header: t('leader.colFocus'), value: (r) => r.focusOverdue },
    { header: t('leader.colOpen'), value: (r) => r.open },
    { header: t('leader.colOverdue'), value: (r) => r.overdue },
    { header: t('leader.colOnTime'), value: (r) => r.onTime, percent: true },
    { header: t('leader.colQualified'), value: (r) => r.qualified },
  ];

  const gridRows = (summary?.grids ?? [])
    .filter((g) => squad === null || g.squadId === squad)
    .sort((a, b) => (a.completion ?? 1) - (b.completion ?? 1) || a.gridId - b.gridId);
  const selectedGrid = summary?.grids.find((g) => g.gridId === grid) ?? null;
  // The worker's day is loaded again when the grid or the day changes, not at each poll of the summary.
  const [selectedId, selectedSquad, selectedWorker] = [selectedGrid?.gridId, selectedGrid?.squadId, selectedGrid?.workerId];

  useEffect(() => {
    setWorker(null);
    if (selectedId === undefined || selectedSquad === undefined || !selectedWorker) return;
    const g = { gridId: selectedId, squadId: selectedSquad, workerId: selectedWorker };
    void Promise.all([
      call(coverage.targets, { query: { date: day, squad: g.squadId } }),
      call(coverage.roads, { query: { date: day, squad: g.squadId } }),
      call(tracking.tracks, { query: { worker: g.workerId, date: day } }),
      call(visitsContract.list, { query: { grid: g.gridId, month, limit: 1000 } }),
    ]).then(([targets, roads, track, visits]) =>
      setWorker({
        targets: targets.targets.filter((x) => x.gridId === g.gridId),
        cellsLeft: roads.cells.filter((c) => c.gridId === g.gridId && c.status !== 'complete').length,
        track,
        visits: visits.visits,
      }),
    );
  }, [selectedId, selectedSquad, selectedWorker, day, month]);

  const coverageByGrid = useMemo(() => new Map((summary?.grids ?? []).map((g) => [g.gridId, g])), [summary]);
  const layers = useMemo(() => {
    if (!data) return [];
    return [
      gridCoverageLayer(data.grids, coverageByGrid, grid, (id) => {
        setGrid(id);
        setSquad(summary?.grids.find((g) => g.gridId === id)?.squadId ?? squad);
      }),
      squadOutlineLayer(data.squads, 2),
      ...(worker ? [trackLayer(worker.track, 3)] : []),
      incidentLayer(open?.incidents ?? [], 5, 0),
    ];
  }, [data, coverageByGrid, grid, worker, open, summary, squad]);
  const focusAt = useMemo((): [number, number] | null => {
    const f = data?.grids.features.find((g) => Number(g.id) === grid);
    if (!f) return null;
    const [w, s, e, n] = boundsOf({ type: 'FeatureCollection', features: [f] });
    return [(w + e) / 2, (s + n) / 2];
  }, [grid, data]);

  if (me && !['leader', 'squad_leader', 'admin', 'inspector'].includes(me.role)) return <div className="loading">{t('leader.onlyLeaders')}</div>;
  return (
    <div className="leader">
      <header className="leader-header">
        <h1>{t('leader')}</h1>
        <input type="date" value={day} max={shanghaiDay(Date.now())} onChange={(e) => e.target.value && setDay(e.target.value)} aria-label={t('leader.date')} />
        <button
          type="button"
          onClick={() => exportTable(t('leader.exportFile', { day }), t('leader.exportSheet', { day }), COLUMNS, rows)}
          data-testid="export"
        >
          {t('leader.exportExcel')}
        </button>
        <button type="button" onClick={() => void downloadMapPng(t('leader.mapFile', { day }))} data-testid="export-map">
          {t('leader.exportMap')}
        </button>
        <button type="button" className="lang" onClick={toggle}>
          {t('langSwitch')}
        </button>
        <span className="who">{me?.displayName}</span>
      </header>
      <section className="glance">
        <table className="squads" data-testid="squads">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.header}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                data-squad={r.squadId ?? 'town'}
                className={r.squadId !== null && r.squadId === squad ? 'selected' : ''}
                onClick={() => {
                  setSquad(r.squadId);
                  setGrid(null);
                }}
              >
                {COLUMNS.map((c) => {
                  const v = c.value(r);
                  return <td key={c.header}>{c.percent ? pct(v as number | null) : String(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="leader-map">{data && <MapView basemap={data} layers={layers} bounds={boundsOf(data.boundary)} focus={focusAt} />}</section>
      <section className="drill">
        <h2>
          {squad !== null
            ? t('leader.squadGrids', { squad: String(squadName.get(squad)) })
            : me?.role === 'squad_leader'
              ? t('leader.ownSquadGrids')
              : t('leader.townGrids')}
        </h2>
        <table className="grids" data-testid="grids">
          <thead>
            <tr>
              <th>{t('leader.colGrid')}</th>
              <th>{t('leader.colWorker')}</th>
              <th>{t('leader.colDouble')}</th>
              <th>{t('leader.colRoad')}</th>
              <th>{t('leader.colPatrolTime')}</th>
              <th>{t('leader.colQualifiedGrid')}</th>
            </tr>
          </thead>
          <tbody>
            {gridRows.slice(0, 60).map((g) => (
              <tr key={g.gridId} data-grid={g.gridId} className={g.gridId === grid ? 'selected' : ''} onClick={() => setGrid(g.gridId)}>
                <td>{g.name}</td>
                <td>{g.worker ?? '—'}</td>
                <td>{pct(g.completion)}</td>
                <td>{pct(g.roadDouble)}</td>
                <td>{t('leader.minutes', { n: g.patrolMinutes })}</td>
                <td className={g.qualified ? 'ok' : 'bad'}>{g.qualified ? t('leader.qualified') : t('leader.notQualified')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selectedGrid && (
          <div className="worker" data-testid="worker">
            <h3>
              {selectedGrid.worker} · {selectedGrid.name}
            </h3>
            {!worker ? (
              <p className="muted">{t('loading')}</p>
            ) : (
              <>
                <p>{t('leader.workerDay', { minutes: selectedGrid.patrolMinutes, tracks: worker.track.features.length, cells: worker.cellsLeft })}</p>
                <h4>{t('keyTargets')}</h4>
                <ul data-testid="worker-targets">
                  {worker.targets.map((x) => (
                    <li key={x.targetId} className={x.status}>
                      {t('leader.targetPasses', { name: x.name, passes: x.passes, required: x.requiredPasses })}
                    </li>
                  ))}
                </ul>
                <h4>{t('leader.gridIncidents')}</h4>
                <ul data-testid="worker-incidents">
                  {(open?.incidents ?? [])
                    .filter((i) => i.gridId === selectedGrid.gridId)
                    .map((i) => (
                      <li key={i.id}>
                        {i.code} {i.category}
                      </li>
                    ))}
                </ul>
                <h4>{t('leader.monthVisits')}</h4>
                <p data-testid="worker-visits">
                  {t('leader.visits', {
                    verified: worker.visits.filter((v) => v.status === 'verified').length,
                    unverified: worker.visits.filter((v) => v.status === 'unverified').length,
                    pending: worker.visits.filter((v) => v.status === 'pending').length,
                  })}
                </p>
              </>
            )}
          </div>
        )}
      </section>
      <section className="leader-notice" data-testid="notice">
        <h2>
          {t('leader.noticeTitle', { day })} {notice ? t('leader.noticeCount', { n: notice.unqualified.length }) : ''}
          {notice?.published ? <small> · {t('leader.published', { at: formatDateTime(notice.published.at), by: notice.published.by })}</small> : null}
        </h2>
        {me && ['leader', 'admin'].includes(me.role) && day < shanghaiDay(Date.now()) && notice && !notice.published && (
          <button
            type="button"
            data-testid="publish"
            onClick={() =>
              call(coverage.publish, { body: { date: day } })
                .then(() => call(coverage.notice, { query: { date: day } }))
                .then((n) => {
                  setJustPublished(n);
                  void queryClient.invalidateQueries({ queryKey: ['get', coverage.notice.path] });
                })
            }
          >
            {t('leader.publish')}
          </button>
        )}
        <ol>
          {notice?.unqualified.slice(0, 30).map((w) => (
            <li key={w.workerId}>
              {t('leader.noticeLine', {
                worker: w.worker ?? '—',
                squad: squadName.get(w.squadId) ?? '',
                grid: w.gridName,
                completion: pct(w.completion),
                cells: w.cellsLeft,
                minutes: w.patrolMinutes,
              })}
            </li>
          ))}
        </ol>
      </section>
      <section className="leader-trend">
        <h2>
          {t('leader.trendTitle', { n: trendDays })}
          <button type="button" className="days" onClick={() => setTrendDays(trendDays === 30 ? 7 : 30)} data-testid="trend-days">
            {trendDays === 30 ? t('leader.show7') : t('leader.show30')}
          </button>
        </h2>
        {history && (
          <TrendChart
            series={[
              ...history.squads.map((s) => ({ name: squadName.get(s.squadId) ?? String(s.squadId), days: s.days, highlight: s.squadId === squad })),
              // The selected grid beside its squad.
              ...history.grids.filter((g) => g.gridId === grid).map((g) => ({ name: selectedGrid?.name ?? String(g.gridId), days: g.days, highlight: true })),
            ]}
          />
        )}
      </section>
    </div>
  );
}
