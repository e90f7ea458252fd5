// 装备: the equipment register (R7) — electric cars, e-bikes, handheld terminals: who holds what (a worker,
// or the brigade), what is damaged or replaced, and each item's history.
import { useState } from 'react';
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES } from '../../../../shared/org/model.ts';
import { type Equipment, org } from '../../../../shared/org/contract.ts';
import { tracking } from '../../../../shared/tracking/contract.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction } from './Form.tsx';
import { changes } from './edits.ts';

type Kind = (typeof EQUIPMENT_KINDS)[number];
type Status = (typeof EQUIPMENT_STATUSES)[number];
type Workers = { id: number; name: string; squadId: number }[];
const idOrNull = (s: string) => (s ? Number(s) : null);

export function EquipmentTab() {
  const { t } = useT();
  const [kind, setKind] = useState<'' | Kind>('');
  const [status, setStatus] = useState<'' | Status>('');
  const list = useEndpoint(org.equipment, { query: { ...(kind ? { kind } : {}), ...(status ? { status } : {}) } });
  const o = useEndpoint(org.org, {});
  const all = useEndpoint(org.workers, {});
  const workers = (all ?? []).filter((w) => w.status !== 'left');
  const squadName = new Map((o?.squads ?? []).map((s) => [s.id, s.name]));
  const [selected, setSelected] = useState<number | null>(null);
  const items = list?.equipment ?? [];
  const item = items.find((e) => e.id === selected) ?? null;
  return (
    <div className="org-tab">
      <section className="org-main">
        <div className="org-filters">
          <select value={kind} onChange={(e) => setKind(e.target.value as '' | Kind)} aria-label={t('org.kind')}>
            <option value="">{t('org.allKinds')}</option>
            {EQUIPMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`org.kind.${k}`)}
              </option>
            ))}
          </select>
          <select value={status} onChange={(e) => setStatus(e.target.value as '' | Status)} aria-label={t('org.state')}>
            <option value="">{t('org.allStatuses')}</option>
            {EQUIPMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`org.equip.${s}`)}
              </option>
            ))}
          </select>
          <span className="muted">{t('org.count', { n: items.length })}</span>
        </div>
        <table className="org-table" data-testid="equipment">
          <thead>
            <tr>
              <th>{t('org.kind')}</th>
              <th>{t('org.label')}</th>
              <th>{t('org.holder')}</th>
              <th>{t('org.squad')}</th>
              <th>{t('org.state')}</th>
              <th>{t('org.note')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-equipment={e.id} className={e.id === selected ? 'selected' : ''} onClick={() => setSelected(e.id)}>
                <td>{t(`org.kind.${e.kind}`)}</td>
                <td className="code">{e.label}</td>
                <td>{e.holder ?? t('org.brigade')}</td>
                <td>{e.squadId === null ? '—' : squadName.get(e.squadId)}</td>
                <td className={`equip-${e.status}`}>{t(`org.equip.${e.status}`)}</td>
                <td>{e.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="org-side">
        {item ? <ItemPanel key={item.id} item={item} workers={workers} /> : <AddForm workers={workers} onAdded={setSelected} />}
        {item && (
          <button type="button" className="org-link" onClick={() => setSelected(null)}>
            {t('org.addEquipment')}
          </button>
        )}
      </aside>
    </div>
  );
}

function HolderSelect({ value, set, workers, error }: { value: string; set: (v: string) => void; workers: Workers; error?: string }) {
  const { t } = useT();
  return (
    <Field label={t('org.holder')} error={error}>
      <select name="holderWorkerId" value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('org.brigade')}</option>
        {workers.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The registered terminal (R7) a handheld-terminal item is: its OsmAnd id, as the terminals tab lists them. */
function DeviceSelect({ value, set, error }: { value: string; set: (v: string) => void; error?: string }) {
  const { t } = useT();
  const devices = useEndpoint(tracking.devices, {})?.devices ?? [];
  return (
    <Field label={t('org.linkedTerminal')} error={error}>
      <select name="deviceId" value={value} onChange={(e) => set(e.target.value)}>
        <option value="">—</option>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.uniqueId}
            {d.status === 'revoked' ? ` (${t('org.revoked')})` : ''}
          </option>
        ))}
      </select>
    </Field>
  );
}

function AddForm({ workers, onAdded }: { workers: Workers; onAdded: (id: number) => void }) {
  const { t } = useT();
  const [v, setV] = useState({ kind: 'ebike' as Kind, label: '', holderWorkerId: '', deviceId: '', note: '' });
  const a = useAction();
  return (
    <form
      className="org-form org-panel"
      data-testid="add-equipment"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () =>
            call(org.addEquipment, {
              body: {
                kind: v.kind,
                label: v.label,
                holderWorkerId: idOrNull(v.holderWorkerId),
                ...(v.kind === 'terminal' ? { deviceId: idOrNull(v.deviceId) } : {}),
                note: v.note,
              },
            }),
          (item) => onAdded(item.id),
        );
      }}
    >
      <h2>{t('org.addEquipment')}</h2>
      <Field label={t('org.kind')} error={a.error?.fields.kind}>
        <select name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as Kind })}>
          {EQUIPMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`org.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('org.label')} error={a.error?.fields.label}>
        <input name="label" value={v.label} placeholder="电动车-11" onChange={(e) => setV({ ...v, label: e.target.value })} />
      </Field>
      <HolderSelect
        value={v.holderWorkerId}
        set={(holderWorkerId) => setV({ ...v, holderWorkerId })}
        workers={workers}
        error={a.error?.fields.holderWorkerId}
      />
      {v.kind === 'terminal' && <DeviceSelect value={v.deviceId} set={(deviceId) => setV({ ...v, deviceId })} error={a.error?.fields.deviceId} />}
      <Field label={t('org.note')} error={a.error?.fields.note}>
        <input name="note" value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} />
      </Field>
      <button type="submit" disabled={a.busy}>
        {t('org.create')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

/** Hand an item to someone or back to the brigade, mark it damaged or replaced with why; its history under. */
function ItemPanel({ item, workers }: { item: Equipment; workers: Workers }) {
  const { t } = useT();
  const events = useEndpoint(org.equipmentEvents, { params: { id: item.id } });
  const [v, setV] = useState({
    holderWorkerId: String(item.holderWorkerId ?? ''),
    deviceId: String(item.deviceId ?? ''),
    status: item.status,
    note: item.note,
  });
  const a = useAction();
  // Only what changed: each change is an event of the item's history.
  const changed = changes(item, { holderWorkerId: idOrNull(v.holderWorkerId), deviceId: idOrNull(v.deviceId), status: v.status, note: v.note });
  const name = new Map(workers.map((w) => [w.id, w.name]));
  return (
    <div className="org-panel" data-testid="equipment-panel">
      <h2>
        {t(`org.kind.${item.kind}`)} {item.label}
      </h2>
      <form
        className="org-form"
        onSubmit={(e) => {
          e.preventDefault();
          void a.run(() => call(org.editEquipment, { params: { id: item.id }, body: changed }));
        }}
      >
        <HolderSelect
          value={v.holderWorkerId}
          set={(holderWorkerId) => setV({ ...v, holderWorkerId })}
          workers={workers}
          error={a.error?.fields.holderWorkerId}
        />
        {item.kind === 'terminal' && <DeviceSelect value={v.deviceId} set={(deviceId) => setV({ ...v, deviceId })} error={a.error?.fields.deviceId} />}
        <Field label={t('org.state')} error={a.error?.fields.status}>
          <select name="status" value={v.status} onChange={(e) => setV({ ...v, status: e.target.value as Status })}>
            {EQUIPMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`org.equip.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('org.note')} error={a.error?.fields.note}>
          <input name="note" value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} />
        </Field>
        <button type="submit" disabled={a.busy || !Object.keys(changed).length}>
          {t('org.save')}
        </button>
        <FormError error={a.error} />
      </form>
      <h3>{t('org.history')}</h3>
      <ol className="org-history" data-testid="equipment-history">
        {[...(events?.events ?? [])].reverse().map((e) => (
          <li key={e.id}>
            <b>{t(`org.equip.${e.status}`)}</b> {e.holderWorkerId === null ? t('org.brigade') : (name.get(e.holderWorkerId) ?? `#${e.holderWorkerId}`)}
            {e.note && ` · ${e.note}`}
            <small>
              {formatDateTime(e.at)}
              {e.by && ` · ${e.by}`}
            </small>
          </li>
        ))}
      </ol>
    </div>
  );
}
