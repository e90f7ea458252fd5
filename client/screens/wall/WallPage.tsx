import { formatHourMinute } from '../../platform/format.ts';
import { Fragment, useMemo, useState } from 'react';
import { useGeo } from '../../geo/useGeo.ts';
import { defaultLayers, legendOf, TOGGLES } from './layers/index.ts';
import { WallMap } from './WallMap.tsx';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { type Translate, useT } from '../../platform/i18n.ts';
import { shortSquadName } from '../../geo/squadNames.ts';
import { useClock } from '../../platform/useClock.ts';
import { useCoverage } from '../../coverage/useCoverage.ts';
import { useConnection, useLive } from '../../tracking/useLive.ts';
import { useMe } from '../../platform/useMe.ts';
import { useSite } from '../../platform/useSite.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { coverage as coverageContract } from '../../../shared/coverage/contract.ts';
import { incidents as incidentsContract } from '../../../shared/incidents/contract.ts';
import { tracking } from '../../../shared/tracking/contract.ts';
import { visits } from '../../../shared/visits/contract.ts';
import { squadColor } from '../../geo/squadColors.ts';
import { INCIDENT_LABELS } from '../../../shared/incidents/machine.ts';
import { useIncidents } from '../../incidents/useIncidents.ts';
import { ReplayBar, type ReplayFrame } from './ReplayBar.tsx';
import { INCIDENT_COLOURS, incidentColour } from '../../incidents/incidentColours.ts';
import { IncidentDonut } from './IncidentDonut.tsx';
import type { IncidentColour } from '../../incidents/incidentColours.ts';
import { AwardsLine } from './AwardsLine.tsx';

/** A worker of the day's notice (R16) as the wall gets it: masked name, what is left. */
/** The wall is configured by its URL (`?layers=heat,blindSpots`), as nobody touches it. */
const initialLayers = (): Set<string> => {
  const asked = new URLSearchParams(location.search).get('layers');
  return asked ? new Set(asked.split(',').filter((l) => TOGGLES.some((t) => t.id === l))) : defaultLayers();
};

/** How old the newest data is, for the connection indicator: a wall that silently froze must show it. */
const ago = (ms: number, t: Translate) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? t('secondsAgo', { n: s }) : s < 3600 ? t('minutesAgo', { n: Math.round(s / 60) }) : t('hoursAgo', { n: Math.round(s / 3600) });
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
  const connection = useConnection();
  const coverage = useCoverage();
  const [shown, setShown] = useState(initialLayers);
  const today = shanghaiDay(Date.now());
  const heat = useEndpoint(coverageContract.heatmap, shown.has('heat') ? { query: { from: today, to: today } } : null, { everyMs: 60_000 });
  const blind = useEndpoint(coverageContract.blindSpots, shown.has('blindSpots') ? { query: { days: 7 } } : null, { everyMs: 300_000 });
  const households = useEndpoint(visits.households, {}, { everyMs: 300_000 });
  const focus = useEndpoint(visits.focusOverdue, {}, { everyMs: 300_000 });
  const incidents = useIncidents();
  const kpis = useEndpoint(incidentsContract.kpis, { query: { from: today, to: today } }, { everyMs: 30_000 });
  const openIncidents = incidents.list;
  // In replay the frame of the chosen moment stands in for the live picture on the map.
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const [replayDay, setReplayDay] = useState(today);
  const [frame, setFrame] = useState<ReplayFrame | null>(null);
  const workers = frame ? frame.workers : live.workers;
  const trackDay = frame ? replayDay : today;
  const dayTracks = useEndpoint(tracking.dayTracks, shown.has('dayTracks') ? { query: { date: trackDay } } : null, { everyMs: 120_000 });
  const notice = useEndpoint(coverageContract.notice, {}, { everyMs: 60_000 });

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
          .map((s) => ({ id: Number(s.id), name: shortSquadName(s.properties.name), c: coverage.store!.squads.get(Number(s.id)) }))
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
  const flip = (l: string) =>
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
        <AwardsLine />
        <div className="wall-clock">
          <span>{date}</span>
          <strong data-testid="clock">{time}</strong>
          <span className={`conn conn-${connection}`} data-testid="connection">
            {t(connection)}
          </span>
          {live.at > 0 && (
            <span className="data-age" data-testid="data-age">
              {t('newestData')} {ago(Date.now() - live.at, t)}
            </span>
          )}
          <button type="button" className="lang" onClick={toggle}>
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
        {data && data.boundary.features.length === 0 && (
          <div className="no-town" data-testid="no-town">
            <h2>{t('noTown')}</h2>
            <p>{t('noTownHint')}</p>
          </div>
        )}
        {!data || !me ? (
          <div className="loading">{t('loading')}</div>
        ) : (
          <WallMap geo={data} rem={rem} shown={shown} frame={frame} fetched={{ heat, blindSpots: blind, dayTracks }} />
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
                {incidents.feed.length === 0 && <li className="muted">{t('noIncidents')}</li>}
                {incidents.feed.slice(0, 6).map((u) => (
                  <li key={u.seq}>
                    <i style={{ background: `rgb(${INCIDENT_COLOURS[incidentColour(u.incident)].join(',')})` }} />
                    <span className="feed-time">{formatHourMinute(u.incident.updatedAt)}</span>
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
              {legendOf(data, t).map((section) => (
                <Fragment key={section.title}>
                  <h2>{section.title}</h2>
                  <ul className={section.className}>
                    {section.items.map((item) => (
                      <li key={item.key}>
                        <i className={section.dot ? 'dot' : undefined} style={{ background: `rgb(${item.colour.join(',')})` }} />
                        {item.label}
                      </li>
                    ))}
                  </ul>
                </Fragment>
              ))}
              <h2>{t('layers')}</h2>
              <div className="toggles">
                {TOGGLES.map((l) => (
                  <button
                    type="button"
                    key={l.id}
                    className={shown.has(l.id) ? 'on' : ''}
                    aria-pressed={shown.has(l.id)}
                    data-layer={l.id}
                    onClick={() => flip(l.id)}
                  >
                    {t(l.label)}
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
