// 网格: a squad's grids by village with their worker; a grid handed over on a day with the history of its
// holders (R4: one worker per grid, one grid per worker); a village renamed or moved to another squad; the
// squad's name and this quarter's rotating chair (R5).
import { useMemo, useState } from 'react';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { geo } from '../../../../shared/geo/contract.ts';
import { org } from '../../../../shared/org/contract.ts';
import { VILLAGE_KINDS } from '../../../../shared/org/model.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction, SquadOptions } from './Form.tsx';
import { changes } from './edits.ts';
import { byVillage, heldDays } from './grids.ts';

type Village = { id: number; code: string; name: string; kind: (typeof VILLAGE_KINDS)[number]; squadId: number };

export function GridsTab() {
  const { t } = useT();
  const o = useEndpoint(org.org, {});
  const grids = useEndpoint(geo.grids, {});
  const villages = useEndpoint(geo.villages, {});
  const workers = useEndpoint(org.workers, {});
  const [squadId, setSquadId] = useState<number | null>(null);
  const [gridId, setGridId] = useState<number | null>(null);
  const [villageId, setVillageId] = useState<number | null>(null);
  const squad = o?.squads.find((s) => s.id === squadId) ?? o?.squads[0] ?? null;
  const workerName = useMemo(() => new Map((workers ?? []).map((w) => [w.id, w.name])), [workers]);
  const groups = useMemo(() => {
    if (!grids || !villages || !squad) return [];
    const rows = grids.features.filter((f) => f.properties.squadId === squad.id).map((f) => ({ id: Number(f.id), ...f.properties }));
    return byVillage(
      rows,
      villages.features.map((v) => ({ ...v.properties, id: Number(v.id), kind: v.properties.kind as Village['kind'] })),
    );
  }, [grids, villages, squad]);
  const grid = groups.flatMap((g) => g.grids).find((g) => g.id === gridId) ?? null;
  const village = groups.find((g) => g.village.id === villageId) ?? null;
  const chair = o?.rotatingChair;

  return (
    <div className="org-tab org-grids">
      {chair && (
        <p className="org-chair" data-testid="chair">
          {t('org.chair', { squad: chair.squad, leader: chair.leader ?? '—', quarter: chair.quarter, from: chair.quarterStart, to: chair.quarterEnd })}
        </p>
      )}
      <nav className="org-list">
        {o?.squads.map((s) => (
          <button
            type="button"
            key={s.id}
            data-squad={s.id}
            className={s.id === squad?.id ? 'selected' : ''}
            onClick={() => {
              setSquadId(s.id);
              setGridId(null);
              setVillageId(null);
            }}
          >
            <b>{s.name}</b>
            <small>{t('org.squadCounts', { villages: s.villages, grids: s.grids, workers: s.workers })}</small>
            {chair?.squadId === s.id && <i className="org-badge">{t('org.chairBadge')}</i>}
          </button>
        ))}
      </nav>
      <section className="org-main">
        {squad && <SquadForm key={squad.id} squad={squad} />}
        <table className="org-table" data-testid="grids">
          <thead>
            <tr>
              <th>{t('org.code')}</th>
              <th>{t('org.name')}</th>
              <th>{t('gridClass')}</th>
              <th>{t('org.worker')}</th>
            </tr>
          </thead>
          {groups.map(({ village, grids: rows }) => (
            <tbody key={village.id}>
              <tr
                className={village.id === villageId ? 'org-group selected' : 'org-group'}
                data-village={village.id}
                onClick={() => {
                  setVillageId(village.id);
                  setGridId(null);
                }}
              >
                <th colSpan={4}>
                  {village.name} <small>{village.code}</small>
                </th>
              </tr>
              {rows.map((g) => (
                <tr
                  key={g.id}
                  data-grid={g.id}
                  className={g.id === gridId ? 'selected' : ''}
                  onClick={() => {
                    setGridId(g.id);
                    setVillageId(null);
                  }}
                >
                  <td className="code">{g.code}</td>
                  <td>{g.name}</td>
                  <td>{t(`class${g.class}`)}</td>
                  <td className={g.workerId === null ? 'muted' : ''}>{g.workerId === null ? t('org.noWorker') : (workerName.get(g.workerId) ?? g.workerId)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </section>
      <aside className="org-side">
        {grid ? (
          <GridPanel key={grid.id} grid={grid} workers={(workers ?? []).filter((w) => w.squadId === grid.squadId)} />
        ) : village ? (
          <VillageForm key={village.village.id} village={village.village} grids={village.grids.length} squads={o?.squads ?? []} onMoved={setSquadId} />
        ) : (
          <p className="muted">{t('org.pickGrid')}</p>
        )}
      </aside>
    </div>
  );
}

/** A squad's name and its Party branch (党总支), edited in place. */
function SquadForm({ squad }: { squad: { id: number; name: string; branch: string; leader: string | null } }) {
  const { t } = useT();
  const [name, setName] = useState(squad.name);
  const [branch, setBranch] = useState(squad.branch);
  const a = useAction();
  return (
    <form
      className="org-form org-inline"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(() => call(org.editSquad, { params: { id: squad.id }, body: { name, branch } }));
      }}
    >
      <Field label={t('org.squadName')} error={a.error?.fields.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('org.branch')} error={a.error?.fields.branch}>
        <input value={branch} onChange={(e) => setBranch(e.target.value)} />
      </Field>
      <span className="org-note">{t('org.squadLeader', { leader: squad.leader ?? '—' })}</span>
      <button type="submit" disabled={a.busy || (name === squad.name && branch === squad.branch)}>
        {t('org.save')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

/** The choice of no new worker: the grid is only released. */
const RELEASE = 'release';

/** A village renamed, or moved to another squad with its grids and their workers. */
function VillageForm({
  village,
  grids,
  squads,
  onMoved,
}: {
  village: Village;
  grids: number;
  squads: { id: number; name: string }[];
  onMoved: (squadId: number) => void;
}) {
  const { t } = useT();
  const [v, setV] = useState({ name: village.name, kind: village.kind, squadId: String(village.squadId) });
  const [moved, setMoved] = useState<number | null>(null);
  const a = useAction();
  const body = changes(village, { name: v.name, kind: v.kind, squadId: Number(v.squadId) });
  return (
    <form
      className="org-form org-panel"
      data-testid="village-form"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () => call(org.editVillage, { params: { id: village.id }, body }),
          (r) => {
            setMoved(r.movedGrids);
            // The village is now listed under its new squad: the list follows it there.
            onMoved(r.squadId);
          },
        );
      }}
    >
      <h2>
        {village.name} <small>{village.code}</small>
      </h2>
      <Field label={t('org.name')} error={a.error?.fields.name}>
        <input name="name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </Field>
      <Field label={t('org.villageKind')} error={a.error?.fields.kind}>
        <select name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as Village['kind'] })}>
          {VILLAGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(k === '村' ? 'org.village' : 'org.community')}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('org.moveToSquad')} error={a.error?.fields.squadId}>
        <select name="squadId" value={v.squadId} onChange={(e) => setV({ ...v, squadId: e.target.value })}>
          <SquadOptions squads={squads} />
        </select>
      </Field>
      {body.squadId !== undefined && <p className="org-note">{t('org.moveNote', { n: grids })}</p>}
      <button type="submit" disabled={a.busy || !Object.keys(body).length}>
        {t('org.save')}
      </button>
      <FormError error={a.error} />
      {moved !== null && moved > 0 && <p className="org-done">{t('org.moved', { n: moved })}</p>}
    </form>
  );
}

interface PanelWorker {
  id: number;
  name: string;
  status: string;
  gridId: number | null;
  gridCode: string | null;
}

/** A grid's holders over time and its handover to another worker of its squad on a day. */
function GridPanel({ grid, workers }: { grid: { id: number; code: string; name: string; workerId: number | null }; workers: PanelWorker[] }) {
  const { t } = useT();
  const history = useEndpoint(org.assignments, { params: { id: grid.id } });
  const [workerId, setWorkerId] = useState('');
  const [on, setOn] = useState(shanghaiDay(Date.now()));
  const a = useAction();
  const handOver = (release?: number) =>
    a.run(
      () =>
        call(org.handover, {
          params: { id: grid.id },
          body: { workerId: workerId === RELEASE ? null : Number(workerId), on, ...(release ? { release } : {}) },
        }),
      () => setWorkerId(''),
    );
  const held = a.error?.subject && typeof a.error.subject.gridId === 'number' ? a.error.subject.gridId : null;
  const current = workers.find((w) => w.id === grid.workerId);
  return (
    <div className="org-panel" data-testid="grid-panel">
      <h2>
        {grid.name} <small>{grid.code}</small>
      </h2>
      <p>{t('org.currentWorker', { worker: current?.name ?? t('org.noWorker') })}</p>
      <form
        className="org-form"
        data-testid="handover"
        onSubmit={(e) => {
          e.preventDefault();
          void handOver();
        }}
      >
        <h3>{t('org.handover')}</h3>
        <Field label={t('org.toWorker')} error={a.error?.fields.workerId}>
          <select name="workerId" value={workerId} onChange={(e) => setWorkerId(e.target.value)}>
            <option value="">{t('org.pickWorker')}</option>
            {grid.workerId !== null && <option value={RELEASE}>{t('org.releaseOnly')}</option>}
            {workers
              .filter((w) => w.status === 'active' && w.id !== grid.workerId)
              .map((w) => (
                <option key={w.id} value={w.id}>
                  {w.gridCode ? t('org.workerHolding', { worker: w.name, grid: w.gridCode }) : w.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t('org.onDay')} error={a.error?.fields.on}>
          <input type="date" name="on" value={on} max={shanghaiDay(Date.now())} onChange={(e) => setOn(e.target.value)} />
        </Field>
        <button type="submit" disabled={a.busy || !workerId}>
          {workerId === RELEASE ? t('org.releaseDo') : t('org.handoverDo')}
        </button>
        <FormError error={a.error}>
          {held !== null && (
            <button type="button" data-testid="release-and-handover" onClick={() => void handOver(held)}>
              {t('org.releaseAndHandover', { code: String(a.error?.subject?.code ?? held) })}
            </button>
          )}
        </FormError>
      </form>
      <h3>{t('org.history')}</h3>
      <ol className="org-history" data-testid="grid-history">
        {[...(history?.assignments ?? [])].reverse().map((h) => {
          const days = heldDays(h);
          return (
            <li key={h.id} className={h.toDay === null ? 'current' : ''}>
              <b>{h.worker}</b>{' '}
              {days === null
                ? t('org.noDay', { day: h.fromDay })
                : days.last === null
                  ? t('org.since', { from: days.first })
                  : t('org.span', { first: days.first, last: days.last })}
              <small>{h.by ? t('org.recordedBy', { by: h.by }) : t('org.fromHiring')}</small>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
