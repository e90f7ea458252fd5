import { formatHourMinute } from '../../platform/format.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { INCIDENT_LABELS, type IncidentAction } from '../../../shared/incidents/machine.ts';
import { type ActionBody, type IncidentDetail, type Suggestions, incidents as contract } from '../../../shared/incidents/contract.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { ApiError, call } from '../../platform/api.ts';
import { type Translate, useT } from '../../platform/i18n.ts';
import { boundsOf, useGeo } from '../../geo/useGeo.ts';
import { useIncidents } from '../../incidents/useIncidents.ts';
import { useConnection, useLive } from '../../tracking/useLive.ts';
import { useMe } from '../../platform/useMe.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { MapView } from '../../platform/map/MapView.tsx';
import { gridLayer } from '../../geo/gridLayer.ts';
import { INCIDENT_COLOURS, incidentColour } from '../../incidents/incidentColours.ts';
import { incidentLayer } from '../../incidents/incidentLayer.ts';
import { incidentPulseLayer } from '../../incidents/incidentPulseLayer.ts';
import { squadOutlineLayer } from '../../geo/squadOutlineLayer.ts';
import { workerLayer } from '../../tracking/workerLayer.ts';
import { workerColumns } from '../../tracking/workerColumns.ts';
import { ActionBar } from './ActionForm.tsx';
import { NewCallForm } from './NewCallForm.tsx';

const clock = (ms: number, t: Translate) => {
  const m = Math.round(Math.abs(ms) / 60_000);
  const time = m >= 60 ? t('dispatch.hoursMinutes', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') }) : t('dispatch.minutes', { m });
  return ms < 0 ? t('dispatch.overdueBy', { time }) : t('dispatch.timeLeft', { time });
};
const hhmm = formatHourMinute;

/** A short two-tone chime for a new case (made here: no sound file to fetch). */
function chime() {
  const ctx = new AudioContext();
  [880, 660].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.18 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * 0.18);
    osc.stop(ctx.currentTime + i * 0.18 + 0.17);
  });
  setTimeout(() => void ctx.close(), 800);
}

function useNow(everyMs: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** The duty officer's console (值班调度台, R31): a live queue, the selected case, its actions, calls taken. */
export function DispatchPage() {
  const me = useMe();
  const { t, lang, toggle } = useT();
  const { data } = useGeo();
  const live = useLive();
  const connection = useConnection();
  const incidents = useIncidents();
  const now = useNow(1000);
  const today = shanghaiDay(now);
  const kpis = useEndpoint(contract.kpis, { query: { from: today, to: today } }, { everyMs: 10_000 });
  const categories = useEndpoint(contract.categories, {}, { everyMs: 600_000 });
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [suggest, setSuggest] = useState<Suggestions | null>(null);
  const [notice, setNotice] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [calling, setCalling] = useState(false);
  const [callAt, setCallAt] = useState<[number, number] | null>(null);
  const [filter, setFilter] = useState<{ state: string; overdue: boolean; squad: string; major: string; source: string }>({
    state: '',
    overdue: false,
    squad: '',
    major: '',
    source: '',
  });
  const [showShift, setShowShift] = useState(false);
  const [sound, setSound] = useState(false);

  const queue = useMemo(() => {
    const all = incidents.list.filter(
      (i) =>
        (!filter.state || i.state === filter.state) &&
        (!filter.overdue || i.urgency === 'overdue') &&
        (!filter.squad || String(i.squadId) === filter.squad) &&
        (!filter.major || i.categoryCode.startsWith(filter.major)) &&
        (!filter.source || i.source === filter.source),
    );
    // The most pressing first: time left to the deadline; cases without one by age.
    return all.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.createdAt.localeCompare(b.createdAt));
  }, [incidents.list, filter]);

  const load = useCallback(async (id: number) => {
    const d = await call(contract.detail, { params: { id } });
    setDetail(d);
    setSuggest(d.actions.includes('dispatch') ? await call(contract.suggestions, { params: { id } }) : null);
  }, []);

  useEffect(() => {
    if (selected !== null) void load(selected).catch(() => setDetail(null));
  }, [selected, load]);

  // The selected case changed elsewhere (another officer, the assignee, the deadline watch): show the truth.
  // Each change of the feed is looked at once, whatever else makes the effect run again.
  const latest = incidents.feed[0];
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!latest || seen.current === latest.seq) return;
    seen.current = latest.seq;
    if (latest.incident.id === selected && detail && latest.incident.version > detail.version) void load(selected);
    if (latest.event === 'report' && Date.now() - Date.parse(latest.incident.createdAt) < 60_000) {
      setNotice({ kind: 'info', text: t('dispatch.newIncident', { category: latest.incident.category, code: latest.incident.code }) });
      if (sound) chime();
    }
  }, [latest, selected, detail, load, sound, t]);

  async function act(body: Record<string, unknown> & { action: IncidentAction }) {
    if (!detail) return;
    setBusy(true);
    try {
      const d = await call(contract.act, { params: { id: detail.id }, body: { ...body, version: detail.version } as ActionBody });
      setDetail(d);
      setSuggest(d.actions.includes('dispatch') ? await call(contract.suggestions, { params: { id: d.id } }) : null);
      setNotice({ kind: 'info', text: t('dispatch.actionDone', { action: INCIDENT_LABELS[body.action][lang], code: d.code }) });
    } catch (err) {
      const why =
        err instanceof ApiError && err.code === 'version_conflict'
          ? t('dispatch.versionConflict')
          : err instanceof ApiError && err.code === 'action_not_allowed'
            ? t('dispatch.actionNotAllowed')
            : (err as Error).message;
      setNotice({ kind: 'error', text: t('dispatch.actionFailed', { why }) });
      await load(detail.id);
    } finally {
      setBusy(false);
    }
  }

  // Keyboard: ↑/↓ move through the queue, N takes a call, Esc closes it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, select')) return;
      const at = queue.findIndex((i) => i.id === selected);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const next = queue[Math.min(queue.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
        if (next) setSelected(next.id);
        e.preventDefault();
      } else if (e.key === 'n' || e.key === 'N') setCalling(true);
      else if (e.key === 'Escape') setCalling(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [queue, selected]);

  const workerCols = useMemo(() => workerColumns(live.workers), [live.workers]);
  const villageName = useMemo(() => new Map(data?.villages.features.map((v) => [Number(v.id), v.properties.name]) ?? []), [data]);
  const focus: [number, number] | null = calling ? callAt : detail ? [detail.lon, detail.lat] : null;
  const layers = useMemo(() => {
    if (!data) return [];
    const open = incidents.list;
    const sel = detail ? open.filter((i) => i.id === detail.id) : [];
    return [
      gridLayer(data.grids),
      squadOutlineLayer(data.squads, 2),
      workerLayer(workerCols, 5),
      incidentPulseLayer(sel, new Map(sel.map((i) => [i.id, Date.now()])), Date.now(), 9),
      incidentLayer(open, 7, incidents.version),
    ];
  }, [data, workerCols, incidents.list, incidents.version, detail]);

  if (me && me.role !== 'duty' && me.role !== 'admin') return <div className="loading">{t('dispatch.onlyDuty')}</div>;
  return (
    <div className="console">
      <header className="console-header">
        <h1>{t('dispatch.title')}</h1>
        <div className="console-kpis" data-testid="shift-kpis">
          <span>
            {t('reportsToday')} <b>{kpis?.total.reports ?? '…'}</b>
          </span>
          <span>
            {t('openNow')} <b>{incidents.open.size}</b>
          </span>
          <span>
            {t('dispatch.overdue')}{' '}
            <b className={queue.some((i) => i.urgency === 'overdue') ? 'alarm' : ''}>{incidents.list.filter((i) => i.urgency === 'overdue').length}</b>
          </span>
          <span>
            {t('closedToday')} <b>{kpis?.total.closed ?? '…'}</b>
          </span>
        </div>
        <div className="console-tools">
          <button
            type="button"
            onClick={() => {
              setCalling(true);
              setCallAt(null);
            }}
            data-testid="take-call"
          >
            {t('dispatch.takeCall')}
          </button>
          <button type="button" onClick={() => setShowShift(true)}>
            {t('dispatch.shiftSummary')}
          </button>
          <label className="sound">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
            {t('dispatch.sound')}
          </label>
          <span className={`conn conn-${connection}`}>{t(connection)}</span>
          <button type="button" className="lang" onClick={toggle}>
            {t('langSwitch')}
          </button>
          <span className="who">{me?.displayName}</span>
        </div>
      </header>
      {notice && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a click dismisses the notice as a convenience; it is a live region, read out by itself and replaced by the next
        // biome-ignore lint/a11y/useKeyWithClickEvents: as above: nothing to do with it from the keyboard
        <div
          className={`console-notice ${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
          onClick={() => setNotice(null)}
        >
          {notice.text}
        </div>
      )}
      <section className="queue" data-testid="queue">
        <div className="queue-filters">
          <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })} aria-label={t('dispatch.filterState')}>
            <option value="">{t('dispatch.allStates')}</option>
            {(['reported', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'fed_back', 'escalated', 'postponed'] as const).map((s) => (
              <option key={s} value={s}>
                {INCIDENT_LABELS[s][lang]}
              </option>
            ))}
          </select>
          <select value={filter.squad} onChange={(e) => setFilter({ ...filter, squad: e.target.value })} aria-label={t('dispatch.filterSquad')}>
            <option value="">{t('dispatch.allSquads')}</option>
            {data?.squads.features.map((s) => (
              <option key={String(s.id)} value={String(s.id)}>
                {s.properties.name}
              </option>
            ))}
          </select>
          <select value={filter.major} onChange={(e) => setFilter({ ...filter, major: e.target.value })} aria-label={t('dispatch.filterCategory')}>
            <option value="">{t('dispatch.allCategories')}</option>
            {[...new Map((categories?.categories ?? []).map((c) => [c.code.slice(0, 2), c.majorName])).entries()].map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          <select value={filter.source} onChange={(e) => setFilter({ ...filter, source: e.target.value })} aria-label={t('dispatch.filterSource')}>
            <option value="">{t('dispatch.allSources')}</option>
            {(['terminal', 'phone', 'inspector', 'duty'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`source.${v}`)}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={filter.overdue} onChange={(e) => setFilter({ ...filter, overdue: e.target.checked })} />
            {t('dispatch.onlyOverdue')}
          </label>
        </div>
        <ol>
          {queue.map((i) => {
            const fresh = Date.now() - (incidents.firstSeen.get(i.id) ?? 0) < 15_000;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard moves through the queue with ↑/↓ (the page's key handler); the click is the mouse's way
              <li
                key={i.id}
                data-id={i.id}
                className={`${i.id === selected ? 'selected' : ''} ${fresh ? 'flash' : ''}`}
                onClick={() => {
                  setCalling(false);
                  setSelected(i.id);
                }}
              >
                <i style={{ background: `rgb(${INCIDENT_COLOURS[incidentColour(i)].join(',')})` }} />
                <div>
                  <b>{i.category.split('·').pop()}</b>
                  <span className="muted">
                    {villageName.get(i.villageId ?? -1) ?? '—'} · {INCIDENT_LABELS[i.state][lang]} ·{' '}
                    {t('dispatch.minutesAgo', { n: Math.round((now - Date.parse(i.createdAt)) / 60_000) })}
                  </span>
                </div>
                <span className={`countdown ${i.urgency}`}>{i.deadline ? clock(Date.parse(i.deadline) - now, t) : t('dispatch.notDispatched')}</span>
              </li>
            );
          })}
          {!queue.length && <li className="muted">{t('dispatch.emptyQueue')}</li>}
        </ol>
      </section>
      <main className="console-map">
        {data && <MapView basemap={data} layers={layers} bounds={boundsOf(data.boundary)} focus={focus} onPick={calling ? setCallAt : undefined} />}
      </main>
      <aside className="case" data-testid="case">
        {calling && categories ? (
          <NewCallForm
            at={callAt}
            categories={categories.categories}
            villages={data?.villages.features.map((v) => ({ name: v.properties.name, centre: v.properties.centre })) ?? []}
            onPlace={setCallAt}
            onCancel={() => setCalling(false)}
            onCreated={(i) => {
              setCalling(false);
              setSelected(i.id);
              setNotice({ kind: 'info', text: t('dispatch.registered', { code: i.code }) });
            }}
          />
        ) : detail ? (
          <>
            <h2 data-testid="case-title">
              {detail.category} <small>{detail.code}</small>
            </h2>
            <p className="case-state" data-testid="case-state">
              {INCIDENT_LABELS[detail.state][lang]} · {t(`level.${detail.level}`)}
              {detail.deadline && ` · ${t('dispatch.deadline', { time: hhmm(detail.deadline) })}`}
            </p>
            <p>{detail.description}</p>
            <dl>
              <dt>{t('dispatch.place')}</dt>
              <dd>
                {[detail.place.squad, detail.place.village, detail.place.grid].filter(Boolean).join(' / ')} {detail.address}
              </dd>
              <dt>{t('dispatch.reported')}</dt>
              <dd>
                {detail.reporter ?? '—'} · {hhmm(detail.createdAt)}
              </dd>
              {detail.caller && (detail.caller.name || detail.caller.phone) && (
                <>
                  <dt>{t('dispatch.caller')}</dt>
                  <dd>
                    {detail.caller.name} {detail.caller.phone}
                  </dd>
                </>
              )}
              <dt>{t('dispatch.assignee')}</dt>
              <dd>{detail.assignee.worker ?? detail.assignee.department ?? '—'}</dd>
              <dt>{t('dispatch.closing')}</dt>
              <dd>{detail.categoryInfo.closing}</dd>
            </dl>
            {detail.photos.length > 0 && (
              <div className="photos">
                {detail.photos.map((p) => (
                  <img key={p.id} src={p.url} alt={t('dispatch.photo')} />
                ))}
              </div>
            )}
            <ActionBar
              actions={detail.actions}
              suggestions={suggest?.workers ?? []}
              department={suggest?.department ?? null}
              lang={lang}
              onAct={act}
              busy={busy}
            />
            <ol className="timeline" data-testid="timeline">
              {detail.timeline.map((e) => (
                <li key={e.id}>
                  <span className="muted">{hhmm(e.at)}</span> <b>{INCIDENT_LABELS[e.action as keyof typeof INCIDENT_LABELS]?.[lang] ?? e.action}</b>{' '}
                  {e.actor && <span className="muted">{e.actor}</span>}
                  {e.note && <div>{e.note}</div>}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="muted">{t('dispatch.pickHint')}</p>
        )}
      </aside>
      {showShift && kpis && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the sheet closes it, as its close button does (the keyboard's way)
        // biome-ignore lint/a11y/useKeyWithClickEvents: as above: the close button is the keyboard's way
        <div className="shift" data-testid="shift" onClick={() => setShowShift(false)}>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: only keeps a click on the sheet from reaching the backdrop, which would close it */}
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: as above: not an interaction */}
          <div className="shift-sheet" onClick={(e) => e.stopPropagation()}>
            <h2>{t('dispatch.shiftTitle', { day: today })}</h2>
            <table>
              <tbody>
                <tr>
                  <th>{t('dispatch.kpiReports')}</th>
                  <td>{kpis.total.reports}</td>
                  <th>{t('dispatch.kpiCases')}</th>
                  <td>{kpis.total.cases}</td>
                </tr>
                <tr>
                  <th>{t('dispatch.kpiClosed')}</th>
                  <td>{kpis.total.closed}</td>
                  <th>{t('dispatch.kpiOpen')}</th>
                  <td>{kpis.total.open}</td>
                </tr>
                <tr>
                  <th>{t('dispatch.kpiOverdue')}</th>
                  <td>{kpis.total.overdue}</td>
                  <th>{t('dispatch.kpiEscalated')}</th>
                  <td>{kpis.total.byState.escalated ?? 0}</td>
                </tr>
                <tr>
                  <th>{t('dispatch.kpiCloseRate')}</th>
                  <td>{kpis.total.closeRate === null ? '—' : `${Math.round(kpis.total.closeRate * 100)}%`}</td>
                  <th>{t('dispatch.kpiOnTime')}</th>
                  <td>{kpis.total.onTimeCloseRate === null ? '—' : `${Math.round(kpis.total.onTimeCloseRate * 100)}%`}</td>
                </tr>
              </tbody>
            </table>
            <h3>{t('dispatch.overdueOpen')}</h3>
            <ul>
              {incidents.list
                .filter((i) => i.urgency === 'overdue')
                .map((i) => (
                  <li key={i.id}>
                    {i.code} {i.category}
                  </li>
                ))}
            </ul>
            <div className="row2">
              <button type="button" onClick={() => window.print()}>
                {t('dispatch.print')}
              </button>
              <button type="button" onClick={() => setShowShift(false)}>
                {t('dispatch.close')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
