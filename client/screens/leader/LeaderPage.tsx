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
    return [line('全镇', null, summary.town), ...summary.squads.map((s) => line(squadName.get(s.squadId) ?? String(s.squadId), s.squadId, s))];
  }, [summary, households, focus, kpis, open, squadName]);

  const COLUMNS: Column<(typeof rows)[number]>[] = [
    { header: '单位', value: (r) => r.name },
    { header: '重点目标双巡', value: (r) => r.completion, percent: true },
    { header: '主干道双巡', value: (r) => r.roadDouble, percent: true },
    { header: '本月入户走访', value: (r) => r.households, percent: true },
    { header: '重点人员逾期', value: (r) => r.focusOverdue },
    { header: '事件办理中', value: (r) => r.open },
    { header: '事件超期', value: (r) => r.overdue },
    { header: '按期结案率', value: (r) => r.onTime, percent: true },
    { header: '达标网格员', value: (r) => r.qualified },
  ];

  const gridRows = (summary?.grids ?? [])
    .filter((g) => squad === null || g.squadId === squad)
    .sort((a, b) => (a.completion ?? 1) - (b.completion ?? 1) || a.gridId - b.gridId);
  const selectedGrid = summary?.grids.find((g) => g.gridId === grid) ?? null;

  useEffect(() => {
    setWorker(null);
    if (!selectedGrid?.workerId) return;
    const g = selectedGrid;
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
  }, [selectedGrid?.gridId, day]); // eslint-disable-line react-hooks/exhaustive-deps

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
  }, [data, coverageByGrid, grid, worker, open]); // eslint-disable-line react-hooks/exhaustive-deps
  const focusAt = useMemo((): [number, number] | null => {
    const f = data?.grids.features.find((g) => Number(g.id) === grid);
    if (!f) return null;
    const [w, s, e, n] = boundsOf({ type: 'FeatureCollection', features: [f] });
    return [(w + e) / 2, (s + n) / 2];
  }, [grid, data]);

  if (me && !['leader', 'squad_leader', 'admin', 'inspector'].includes(me.role)) return <div className="loading">此页面仅供领导、中队长和督察使用</div>;
  return (
    <div className="leader">
      <header className="leader-header">
        <h1>{t('leader')}</h1>
        <input type="date" value={day} max={shanghaiDay(Date.now())} onChange={(e) => e.target.value && setDay(e.target.value)} aria-label="日期" />
        <button onClick={() => exportTable(`巡查考核_${day}.xlsx`, `${day} 巡查考核`, COLUMNS, rows)} data-testid="export">
          导出Excel
        </button>
        <button onClick={() => void downloadMapPng(`巡查地图_${day}.png`)} data-testid="export-map">
          导出地图
        </button>
        <button className="lang" onClick={toggle}>
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
                onClick={() => (setSquad(r.squadId), setGrid(null))}
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
        <h2>{squad !== null ? `${squadName.get(squad)} 网格` : me?.role === 'squad_leader' ? '本中队网格（完成率由低到高）' : '全镇网格（完成率由低到高）'}</h2>
        <table className="grids" data-testid="grids">
          <thead>
            <tr>
              <th>网格</th>
              <th>网格员</th>
              <th>双巡</th>
              <th>道路</th>
              <th>巡查时长</th>
              <th>达标</th>
            </tr>
          </thead>
          <tbody>
            {gridRows.slice(0, 60).map((g) => (
              <tr key={g.gridId} data-grid={g.gridId} className={g.gridId === grid ? 'selected' : ''} onClick={() => setGrid(g.gridId)}>
                <td>{g.name}</td>
                <td>{g.worker ?? '—'}</td>
                <td>{pct(g.completion)}</td>
                <td>{pct(g.roadDouble)}</td>
                <td>{g.patrolMinutes} 分</td>
                <td className={g.qualified ? 'ok' : 'bad'}>{g.qualified ? '达标' : '未达标'}</td>
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
                <p>
                  今日巡查 {selectedGrid.patrolMinutes} 分钟 · 轨迹 {worker.track.features.length} 段 · 主干道路段未完成 {worker.cellsLeft} 段
                </p>
                <h4>重点目标</h4>
                <ul data-testid="worker-targets">
                  {worker.targets.map((x) => (
                    <li key={x.targetId} className={x.status}>
                      {x.name}：{x.passes}/{x.requiredPasses} 巡
                    </li>
                  ))}
                </ul>
                <h4>网格内办理中事件</h4>
                <ul data-testid="worker-incidents">
                  {(open?.incidents ?? [])
                    .filter((i) => i.gridId === selectedGrid.gridId)
                    .map((i) => (
                      <li key={i.id}>
                        {i.code} {i.category}
                      </li>
                    ))}
                </ul>
                <h4>本月走访</h4>
                <p data-testid="worker-visits">
                  已核实 {worker.visits.filter((v) => v.status === 'verified').length} · 未核实 {worker.visits.filter((v) => v.status === 'unverified').length}{' '}
                  · 待核实 {worker.visits.filter((v) => v.status === 'pending').length}
                </p>
              </>
            )}
          </div>
        )}
      </section>
      <section className="leader-notice" data-testid="notice">
        <h2>
          {day} 未达标网格员 {notice ? `${notice.unqualified.length} 人` : ''}
          {notice?.published ? (
            <small>
              {' '}
              · 已于 {new Date(notice.published.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} 由 {notice.published.by} 通报
            </small>
          ) : null}
        </h2>
        {me && ['leader', 'admin'].includes(me.role) && day < shanghaiDay(Date.now()) && notice && !notice.published && (
          <button
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
            发布全镇通报
          </button>
        )}
        <ol>
          {notice?.unqualified.slice(0, 30).map((w) => (
            <li key={w.workerId}>
              {w.worker} · {squadName.get(w.squadId)} · {w.gridName} · 双巡 {pct(w.completion)} · 路段未完成 {w.cellsLeft} · 巡查 {w.patrolMinutes} 分
            </li>
          ))}
        </ol>
      </section>
      <section className="leader-trend">
        <h2>
          近{trendDays}日重点目标双巡完成率
          <button className="days" onClick={() => setTrendDays(trendDays === 30 ? 7 : 30)} data-testid="trend-days">
            {trendDays === 30 ? '看7日' : '看30日'}
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
