import { useCallback, useEffect, useMemo, useState } from 'react';
import { INCIDENT_LABELS, type IncidentAction } from '../../../shared/incidents/machine.ts';
import { type ActionBody, type IncidentDetail, type Suggestions, incidents as contract } from '../../../shared/incidents/contract.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { ApiError, call } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';
import { boundsOf, useGeo } from '../../geo/useGeo.ts';
import { useIncidents } from '../../incidents/useIncidents.ts';
import { useLive } from '../../tracking/useLive.ts';
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

const clock = (ms: number) => {
  const m = Math.round(Math.abs(ms) / 60_000);
  const text = m >= 60 ? `${Math.floor(m / 60)}时${String(m % 60).padStart(2, '0')}分` : `${m}分`;
  return ms < 0 ? `超期 ${text}` : `剩 ${text}`;
};
const hhmm = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

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
  const incidents = useIncidents(live.socket);
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
    const all = [...incidents.store.open.values()].filter(
      (i) =>
        (!filter.state || i.state === filter.state) &&
        (!filter.overdue || i.urgency === 'overdue') &&
        (!filter.squad || String(i.squadId) === filter.squad) &&
        (!filter.major || i.categoryCode.startsWith(filter.major)) &&
        (!filter.source || i.source === filter.source),
    );
    // The most pressing first: time left to the deadline; cases without one by age.
    return all.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.createdAt.localeCompare(b.createdAt));
  }, [incidents.version, filter]); // eslint-disable-line react-hooks/exhaustive-deps

  const load = useCallback(async (id: number) => {
    const d = await call(contract.detail, { params: { id } });
    setDetail(d);
    setSuggest(d.actions.includes('dispatch') ? await call(contract.suggestions, { params: { id } }) : null);
  }, []);

  useEffect(() => {
    if (selected !== null) void load(selected).catch(() => setDetail(null));
  }, [selected, load]);

  // The selected case changed elsewhere (another officer, the assignee, the deadline watch): show the truth.
  const latest = incidents.store.feed[0];
  useEffect(() => {
    if (!latest) return;
    if (latest.incident.id === selected && detail && latest.incident.version > detail.version) void load(selected);
    if (latest.event === 'report' && Date.now() - Date.parse(latest.incident.createdAt) < 60_000) {
      setNotice({ kind: 'info', text: `新事件：${latest.incident.category}（${latest.incident.code}）` });
      if (sound) chime();
    }
  }, [latest?.seq]); // eslint-disable-line react-hooks/exhaustive-deps

  async function act(body: Record<string, unknown> & { action: IncidentAction }) {
    if (!detail) return;
    setBusy(true);
    try {
      const d = await call(contract.act, { params: { id: detail.id }, body: { ...body, version: detail.version } as ActionBody });
      setDetail(d);
      setSuggest(d.actions.includes('dispatch') ? await call(contract.suggestions, { params: { id: d.id } }) : null);
      setNotice({ kind: 'info', text: `${INCIDENT_LABELS[body.action][lang]}：${d.code}` });
    } catch (err) {
      const why =
        err instanceof ApiError && err.code === 'version_conflict'
          ? '其他人已先处理了此事件'
          : err instanceof ApiError && err.code === 'action_not_allowed'
            ? '当前状态不允许此操作'
            : (err as Error).message;
      setNotice({ kind: 'error', text: `操作未执行：${why}。已刷新为最新状态。` });
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

  const workerCols = useMemo(() => workerColumns([...live.store.workers.values()]), [live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const villageName = useMemo(() => new Map(data?.villages.features.map((v) => [Number(v.id), v.properties.name]) ?? []), [data]);
  const focus: [number, number] | null = calling ? callAt : detail ? [detail.lon, detail.lat] : null;
  const layers = useMemo(() => {
    if (!data) return [];
    const open = [...incidents.store.open.values()];
    const sel = detail ? open.filter((i) => i.id === detail.id) : [];
    return [
      gridLayer(data.grids),
      squadOutlineLayer(data.squads, 2),
      workerLayer(workerCols, 5),
      incidentPulseLayer(sel, new Map(sel.map((i) => [i.id, Date.now()])), Date.now(), 9),
      incidentLayer(open, 7, incidents.version),
    ];
  }, [data, workerCols, incidents.version, detail]); // eslint-disable-line react-hooks/exhaustive-deps

  if (me && me.role !== 'duty' && me.role !== 'admin') return <div className="loading">此页面仅供值班员使用</div>;
  return (
    <div className="console">
      <header className="console-header">
        <h1>值班调度台</h1>
        <div className="console-kpis" data-testid="shift-kpis">
          <span>
            今日上报 <b>{kpis?.total.reports ?? '…'}</b>
          </span>
          <span>
            办理中 <b>{incidents.store.open.size}</b>
          </span>
          <span>
            超期{' '}
            <b className={queue.some((i) => i.urgency === 'overdue') ? 'alarm' : ''}>
              {[...incidents.store.open.values()].filter((i) => i.urgency === 'overdue').length}
            </b>
          </span>
          <span>
            今日结案 <b>{kpis?.total.closed ?? '…'}</b>
          </span>
        </div>
        <div className="console-tools">
          <button onClick={() => (setCalling(true), setCallAt(null))} data-testid="take-call">
            来电登记 (N)
          </button>
          <button onClick={() => setShowShift(true)}>交班小结</button>
          <label className="sound">
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
            提示音
          </label>
          <span className={`conn conn-${live.connection}`}>{t(live.connection)}</span>
          <button className="lang" onClick={toggle}>
            {t('langSwitch')}
          </button>
          <span className="who">{me?.displayName}</span>
        </div>
      </header>
      {notice && (
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
          <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })} aria-label="状态">
            <option value="">全部状态</option>
            {(['reported', 'registered', 'dispatched', 'in_progress', 'handled', 'verified', 'fed_back', 'escalated', 'postponed'] as const).map((s) => (
              <option key={s} value={s}>
                {INCIDENT_LABELS[s][lang]}
              </option>
            ))}
          </select>
          <select value={filter.squad} onChange={(e) => setFilter({ ...filter, squad: e.target.value })} aria-label="中队">
            <option value="">全部中队</option>
            {data?.squads.features.map((s) => (
              <option key={String(s.id)} value={String(s.id)}>
                {s.properties.name}
              </option>
            ))}
          </select>
          <select value={filter.major} onChange={(e) => setFilter({ ...filter, major: e.target.value })} aria-label="类别">
            <option value="">全部类别</option>
            {[...new Map((categories?.categories ?? []).map((c) => [c.code.slice(0, 2), c.majorName])).entries()].map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          <select value={filter.source} onChange={(e) => setFilter({ ...filter, source: e.target.value })} aria-label="来源">
            <option value="">全部来源</option>
            {(
              [
                ['terminal', '终端上报'],
                ['phone', '来电'],
                ['inspector', '督察'],
                ['duty', '值班'],
                ['simulator', '模拟'],
              ] as const
            ).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={filter.overdue} onChange={(e) => setFilter({ ...filter, overdue: e.target.checked })} />
            仅超期
          </label>
        </div>
        <ol>
          {queue.map((i) => {
            const fresh = Date.now() - (incidents.store.firstSeen.get(i.id) ?? 0) < 15_000;
            return (
              <li
                key={i.id}
                data-id={i.id}
                className={`${i.id === selected ? 'selected' : ''} ${fresh ? 'flash' : ''}`}
                onClick={() => (setCalling(false), setSelected(i.id))}
              >
                <i style={{ background: `rgb(${INCIDENT_COLOURS[incidentColour(i)].join(',')})` }} />
                <div>
                  <b>{i.category.split('·').pop()}</b>
                  <span className="muted">
                    {villageName.get(i.villageId ?? -1) ?? '—'} · {INCIDENT_LABELS[i.state][lang]} · {Math.round((now - Date.parse(i.createdAt)) / 60_000)}分前
                  </span>
                </div>
                <span className={`countdown ${i.urgency}`}>{i.deadline ? clock(Date.parse(i.deadline) - now) : '未派遣'}</span>
              </li>
            );
          })}
          {!queue.length && <li className="muted">没有待办事件</li>}
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
              setNotice({ kind: 'info', text: `已登记：${i.code}` });
            }}
          />
        ) : detail ? (
          <>
            <h2 data-testid="case-title">
              {detail.category} <small>{detail.code}</small>
            </h2>
            <p className="case-state" data-testid="case-state">
              {INCIDENT_LABELS[detail.state][lang]} · {detail.level === 'village' ? '村居' : detail.level === 'town' ? '镇级' : '市级'}
              {detail.deadline && ` · 时限 ${hhmm(detail.deadline)}`}
            </p>
            <p>{detail.description}</p>
            <dl>
              <dt>地点</dt>
              <dd>
                {[detail.place.squad, detail.place.village, detail.place.grid].filter(Boolean).join(' / ')} {detail.address}
              </dd>
              <dt>上报</dt>
              <dd>
                {detail.reporter ?? '—'} · {hhmm(detail.createdAt)}
              </dd>
              {detail.caller && (detail.caller.name || detail.caller.phone) && (
                <>
                  <dt>来电人</dt>
                  <dd>
                    {detail.caller.name} {detail.caller.phone}
                  </dd>
                </>
              )}
              <dt>承办</dt>
              <dd>{detail.assignee.worker ?? detail.assignee.department ?? '—'}</dd>
              <dt>结案条件</dt>
              <dd>{detail.categoryInfo.closing}</dd>
            </dl>
            {detail.photos.length > 0 && (
              <div className="photos">
                {detail.photos.map((p) => (
                  <img key={p.id} src={p.url} alt="现场照片" />
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
          <p className="muted">从左侧选择事件，或按 N 登记来电。</p>
        )}
      </aside>
      {showShift && kpis && (
        <div className="shift" data-testid="shift" onClick={() => setShowShift(false)}>
          <div className="shift-sheet" onClick={(e) => e.stopPropagation()}>
            <h2>交班小结 · {today}</h2>
            <table>
              <tbody>
                <tr>
                  <th>今日上报</th>
                  <td>{kpis.total.reports}</td>
                  <th>立案</th>
                  <td>{kpis.total.cases}</td>
                </tr>
                <tr>
                  <th>已结案</th>
                  <td>{kpis.total.closed}</td>
                  <th>办理中</th>
                  <td>{kpis.total.open}</td>
                </tr>
                <tr>
                  <th>超期</th>
                  <td>{kpis.total.overdue}</td>
                  <th>升级</th>
                  <td>{kpis.total.byState.escalated ?? 0}</td>
                </tr>
                <tr>
                  <th>结案率</th>
                  <td>{kpis.total.closeRate === null ? '—' : `${Math.round(kpis.total.closeRate * 100)}%`}</td>
                  <th>按期结案率</th>
                  <td>{kpis.total.onTimeCloseRate === null ? '—' : `${Math.round(kpis.total.onTimeCloseRate * 100)}%`}</td>
                </tr>
              </tbody>
            </table>
            <h3>超期未办结</h3>
            <ul>
              {[...incidents.store.open.values()]
                .filter((i) => i.urgency === 'overdue')
                .map((i) => (
                  <li key={i.id}>
                    {i.code} {i.category}
                  </li>
                ))}
            </ul>
            <div className="row2">
              <button onClick={() => window.print()}>打印</button>
              <button onClick={() => setShowShift(false)}>关闭</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
