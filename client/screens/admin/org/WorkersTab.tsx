// 网格员: hire, edit, transfer to another squad, on leave, back or gone on a day (R16: nobody on leave or
// gone is named in the day's notice), with their grids over time, what they hold (R7) and their terminals.
import { useState } from 'react';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { geo } from '../../../../shared/geo/contract.ts';
import { WORKER_STATUSES, type WorkerStatus } from '../../../../shared/org/model.ts';
import { org } from '../../../../shared/org/contract.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction, SquadOptions } from './Form.tsx';
import { changes } from './edits.ts';
import { heldDays } from './grids.ts';

type Squads = { id: number; name: string }[];

export function WorkersTab() {
  const { t } = useT();
  const o = useEndpoint(org.org, {});
  const workers = useEndpoint(org.workers, {});
  const [squad, setSquad] = useState('');
  const [status, setStatus] = useState<'' | WorkerStatus>('active');
  const [selected, setSelected] = useState<number | null>(null);
  const squads = o?.squads ?? [];
  const squadName = new Map(squads.map((s) => [s.id, s.name]));
  const rows = (workers ?? []).filter((w) => (!squad || w.squadId === Number(squad)) && (!status || w.status === status));
  return (
    <div className="org-tab">
      <section className="org-main">
        <div className="org-filters">
          <select value={squad} onChange={(e) => setSquad(e.target.value)} aria-label={t('squads')}>
            <option value="">{t('org.allSquads')}</option>
            <SquadOptions squads={squads} />
          </select>
          <select value={status} onChange={(e) => setStatus(e.target.value as '' | WorkerStatus)} aria-label={t('org.status')}>
            <option value="">{t('org.allStatuses')}</option>
            {WORKER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`org.status.${s}`)}
              </option>
            ))}
          </select>
          <span className="muted">{t('org.count', { n: rows.length })}</span>
        </div>
        <table className="org-table" data-testid="workers">
          <thead>
            <tr>
              <th>{t('org.displayName')}</th>
              <th>{t('org.phone')}</th>
              <th>{t('org.squad')}</th>
              <th>{t('grids')}</th>
              <th>{t('org.hiredOn')}</th>
              <th>{t('org.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={w.id} data-worker={w.id} className={w.id === selected ? 'selected' : ''} onClick={() => setSelected(w.id)}>
                <td>{w.name}</td>
                <td>{w.phone}</td>
                <td>{squadName.get(w.squadId)}</td>
                <td className="code">{w.gridCode ?? '—'}</td>
                <td>{w.hiredOn}</td>
                <td className={`status-${w.status}`}>{t(`org.status.${w.status as WorkerStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="org-side">
        {selected !== null ? <WorkerPanel key={selected} id={selected} squads={squads} /> : <HireForm squads={squads} onHired={setSelected} />}
        {selected !== null && (
          <button type="button" className="org-link" onClick={() => setSelected(null)}>
            {t('org.hireNew')}
          </button>
        )}
      </aside>
    </div>
  );
}

function HireForm({ squads, onHired }: { squads: Squads; onHired: (id: number) => void }) {
  const { t } = useT();
  const [v, setV] = useState({ name: '', phone: '', squadId: '', hiredOn: shanghaiDay(Date.now()) });
  const a = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  return (
    <form
      className="org-form org-panel"
      data-testid="hire"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () => call(org.hire, { body: { name: v.name, phone: v.phone, squadId: Number(v.squadId), hiredOn: v.hiredOn } }),
          (w) => onHired(w.id),
        );
      }}
    >
      <h2>{t('org.hire')}</h2>
      <Field label={t('org.displayName')} error={a.error?.fields.name}>
        <input name="name" value={v.name} onChange={set('name')} />
      </Field>
      <Field label={t('org.phone')} error={a.error?.fields.phone}>
        <input name="phone" value={v.phone} onChange={set('phone')} />
      </Field>
      <Field label={t('org.squad')} error={a.error?.fields.squadId}>
        <select name="squadId" value={v.squadId} onChange={set('squadId')}>
          <option value="">—</option>
          <SquadOptions squads={squads} />
        </select>
      </Field>
      <Field label={t('org.hiredOn')} error={a.error?.fields.hiredOn}>
        <input type="date" name="hiredOn" value={v.hiredOn} onChange={set('hiredOn')} />
      </Field>
      <button type="submit" disabled={a.busy}>
        {t('org.hireDo')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

function WorkerPanel({ id, squads }: { id: number; squads: Squads }) {
  const { t } = useT();
  const w = useEndpoint(org.worker, { params: { id } });
  const grids = useEndpoint(geo.grids, {});
  if (!w) return <p className="muted">{t('loading')}</p>;
  const squadName = new Map(squads.map((s) => [s.id, s.name]));
  const gridCode = new Map(grids?.features.map((g) => [Number(g.id), g.properties.code]) ?? []);
  return (
    <div className="org-panel" data-testid="worker-panel">
      <h2>
        {w.name} <small>{t(`org.status.${w.status as WorkerStatus}`)}</small>
      </h2>
      {w.status !== 'left' && <EditWorker key={`${w.id}-${w.squadId}-${w.name}`} worker={w} squads={squads} />}
      {w.status !== 'left' && <StatusForm worker={w} />}
      <h3>{t('org.gridHistory')}</h3>
      <ol className="org-history">
        {[...w.assignments].reverse().map((h) => {
          const days = heldDays(h);
          return (
            <li key={h.id}>
              <span className="code">{gridCode.get(h.gridId) ?? h.gridId}</span>{' '}
              {days === null
                ? t('org.noDay', { day: h.fromDay })
                : days.last === null
                  ? t('org.since', { from: days.first })
                  : t('org.span', { first: days.first, last: days.last })}
              {h.squadId !== w.squadId && <small>{squadName.get(h.squadId)}</small>}
            </li>
          );
        })}
      </ol>
      <h3>{t('org.statusHistory')}</h3>
      <ol className="org-history" data-testid="status-history">
        {w.statusHistory.map((s) => (
          <li key={`${s.on}-${s.at}`}>
            {s.on} {t(`org.status.${s.previous}`)} → <b>{t(`org.status.${s.status}`)}</b>
            {s.by && <small>{t('org.recordedBy', { by: s.by })}</small>}
          </li>
        ))}
      </ol>
      <h3>{t('org.equipment')}</h3>
      <ul className="org-history">
        {w.equipment.map((e) => (
          <li key={e.id}>
            {t(`org.kind.${e.kind}`)} {e.label} <small>{t(`org.equip.${e.status}`)}</small>
          </li>
        ))}
        {w.devices.map((d) => (
          <li key={`d${d.id}`}>
            {t('org.terminal')} {d.uniqueId ?? d.id} <small>{t(d.status === 'revoked' ? 'org.revoked' : 'org.active')}</small>
          </li>
        ))}
        {!w.equipment.length && !w.devices.length && <li className="muted">{t('org.none')}</li>}
      </ul>
    </div>
  );
}

/** Name and phone, and a transfer to another squad (refused while the worker holds a grid of the old one). */
function EditWorker({ worker, squads }: { worker: { id: number; name: string; phone: string | null; squadId: number }; squads: Squads }) {
  const { t } = useT();
  const [v, setV] = useState({ name: worker.name, phone: worker.phone ?? '', squadId: String(worker.squadId) });
  const a = useAction();
  const changed = changes(worker, { name: v.name, phone: v.phone, squadId: Number(v.squadId) });
  return (
    <form
      className="org-form"
      data-testid="edit-worker"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(() => call(org.editWorker, { params: { id: worker.id }, body: changed }));
      }}
    >
      <Field label={t('org.displayName')} error={a.error?.fields.name}>
        <input name="name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </Field>
      <Field label={t('org.phone')} error={a.error?.fields.phone}>
        <input name="phone" value={v.phone} onChange={(e) => setV({ ...v, phone: e.target.value })} />
      </Field>
      <Field label={t('org.transferTo')} error={a.error?.fields.squadId}>
        <select name="squadId" value={v.squadId} onChange={(e) => setV({ ...v, squadId: e.target.value })}>
          <SquadOptions squads={squads} />
        </select>
      </Field>
      <button type="submit" disabled={a.busy || !Object.keys(changed).length}>
        {changed.squadId ? t('org.transferDo') : t('org.save')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

/** On leave, back, or gone (final: their grid released, terminals revoked, account disabled) on a day. */
function StatusForm({ worker }: { worker: { id: number; status: string } }) {
  const { t } = useT();
  const [on, setOn] = useState(shanghaiDay(Date.now()));
  const a = useAction();
  const next: WorkerStatus[] = worker.status === 'active' ? ['leave', 'left'] : ['active', 'left'];
  return (
    <form className="org-form org-inline" data-testid="worker-status" onSubmit={(e) => e.preventDefault()}>
      <Field label={t('org.onDay')} error={a.error?.fields.on}>
        <input type="date" name="on" value={on} max={shanghaiDay(Date.now())} onChange={(e) => setOn(e.target.value)} />
      </Field>
      {next.map((s) => (
        <button
          type="button"
          key={s}
          data-status={s}
          disabled={a.busy}
          className={s === 'left' ? 'danger' : ''}
          onClick={() => {
            if (s === 'left' && !confirm(t('org.leftConfirm'))) return;
            void a.run(() => call(org.workerStatus, { params: { id: worker.id }, body: { status: s, on } }));
          }}
        >
          {t(`org.to.${s}`)}
        </button>
      ))}
      <FormError error={a.error} />
    </form>
  );
}
