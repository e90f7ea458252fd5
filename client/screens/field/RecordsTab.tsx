// 基础信息 (R8): the 实有房屋 and 实有人口 records of my grid — add, verify (核实), update, de-register (注销);
// the server keeps every change with who and when (R22 samples them). Writes go through the queue.
import { useState } from 'react';
import { field, type HouseholdDetail, type Resident } from '../../../shared/field/contract.ts';
import { enqueue, newClientRef } from '../../field/outbox.ts';
import type { EntryKind } from '../../field/queue.ts';
import { useT } from '../../platform/i18n.ts';
import type { PickedHousehold } from './navigation.ts';
import { HouseholdPicker } from './HouseholdPicker.tsx';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

type Change = 'update' | 'verify' | 'deregister';

async function change(kind: EntryKind, path: string, label: string, body: Record<string, unknown>) {
  const clientRef = newClientRef();
  await enqueue({ id: clientRef, kind, label, path, body: { clientRef, ...body } });
}

export function RecordsTab({ position }: { position: Position | null }) {
  const { t } = useT();
  const [picked, setPicked] = useState<PickedHousehold | null>(null);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section className="field-tab" data-testid="records">
      {saved && (
        <p className="field-toast" role="status">
          {t('field.records.saved')}
        </p>
      )}
      {picked ? (
        <HouseholdRecord
          picked={picked}
          onDone={() => {
            setSaved(true);
            setPicked(null);
          }}
          onBack={() => setPicked(null)}
        />
      ) : adding ? (
        <AddHousehold
          position={position}
          onDone={() => {
            setSaved(true);
            setAdding(false);
          }}
          onBack={() => setAdding(false)}
        />
      ) : (
        <>
          <button type="button" className="field-secondary" onClick={() => setAdding(true)}>
            {t('field.records.addHousehold')}
          </button>
          <HouseholdPicker
            position={position}
            status="all"
            onPick={(h) => {
              setSaved(false);
              setPicked(h);
            }}
          />
        </>
      )}
    </section>
  );
}

function HouseholdRecord({ picked, onDone, onBack }: { picked: PickedHousehold; onDone: () => void; onBack: () => void }) {
  const { t } = useT();
  const detail = useFieldData(field.household, { params: { id: picked.id } });
  const [editing, setEditing] = useState<Change | 'addResident' | null>(null);
  const [resident, setResident] = useState<Resident | null>(null);
  const h = detail.data;
  return (
    <div className="field-card" data-testid="household-record">
      <div className="field-card-head">
        <h2>{h?.address ?? picked.address}</h2>
        <button type="button" className="field-link" onClick={onBack}>
          {t('field.back')}
        </button>
      </div>
      {!h && <p className="field-hint">{detail.error ? t('field.records.offlineDetail') : t('loading')}</p>}
      {h && (
        <>
          <p className="field-hint">
            {h.code ?? '—'} · {t('field.records.size', { n: h.size })} ·{' '}
            {h.status === 'registered' ? t('field.records.registered') : t('field.records.deregistered')}
            {h.verifiedAt && ` · ${t('field.records.verifiedAt', { at: String(h.verifiedAt).slice(0, 10) })}`}
          </p>
          {!editing && !resident && h.status === 'registered' && (
            <div className="field-actions">
              <button type="button" className="field-secondary" onClick={() => setEditing('verify')}>
                {t('field.records.verify')}
              </button>
              <button type="button" className="field-secondary" onClick={() => setEditing('update')}>
                {t('field.records.update')}
              </button>
              <button type="button" className="field-secondary" onClick={() => setEditing('addResident')}>
                {t('field.records.addResident')}
              </button>
              <button type="button" className="field-secondary danger" onClick={() => setEditing('deregister')}>
                {t('field.records.deregister')}
              </button>
            </div>
          )}
          {editing === 'addResident' && <ResidentForm householdId={h.id} address={h.address} onDone={onDone} onBack={() => setEditing(null)} />}
          {editing && editing !== 'addResident' && <HouseholdChange h={h} action={editing} onDone={onDone} onBack={() => setEditing(null)} />}
          {resident && <ResidentChange r={resident} onDone={onDone} onBack={() => setResident(null)} />}
          <h3>{t('field.records.residents', { n: h.residentList.length })}</h3>
          <ul className="field-list">
            {h.residentList.map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => setResident(r)}>
                  <span className="field-row-main">
                    {r.name} {r.relation && <small>{r.relation}</small>}
                    {r.status === 'deregistered' && <span className="field-tag gone">{t('field.records.deregistered')}</span>}
                  </span>
                  <span className="field-row-sub">{[r.gender, r.birthYear, r.idNumber, r.phone].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
          {h.changes.length > 0 && (
            <>
              <h3>{t('field.records.changes')}</h3>
              <ul className="field-changes">
                {h.changes.slice(0, 5).map((c) => (
                  <li key={c.id}>
                    {t(`field.records.action.${c.action}`)} · {c.by ?? '—'} · {new Date(c.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Verify, update (address, size) or de-register a household; a de-registration says why. */
function HouseholdChange({ h, action, onDone, onBack }: { h: HouseholdDetail; action: Change; onDone: () => void; onBack: () => void }) {
  const { t } = useT();
  const [address, setAddress] = useState(h.address);
  const [size, setSize] = useState(String(h.size));
  const [note, setNote] = useState('');
  const ready = action !== 'deregister' || note.trim();
  return (
    <form
      className="field-form field-subform"
      data-testid="household-change"
      onSubmit={(e) => {
        e.preventDefault();
        const fields =
          action === 'update'
            ? { ...(address.trim() !== h.address ? { address: address.trim() } : {}), ...(Number(size) !== h.size ? { size: Number(size) } : {}) }
            : {};
        void change('household', `/field/households/${h.id}/changes`, h.address, {
          action,
          ...fields,
          ...(note.trim() ? { note: note.trim() } : {}),
        }).then(onDone);
      }}
    >
      {action === 'update' && (
        <>
          <label className="field-label">
            {t('field.records.address')}
            <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
          </label>
          <label className="field-label">
            {t('field.records.sizeLabel')}
            <input name="size" type="number" inputMode="numeric" min={1} max={99} value={size} onChange={(e) => setSize(e.target.value)} />
          </label>
        </>
      )}
      <label className="field-label">
        {action === 'deregister' ? t('field.records.deregisterWhy') : t('field.visit.note')}
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <div className="field-actions">
        <button type="submit" className="field-primary" disabled={!ready} data-testid="household-change-save">
          {t(`field.records.${action}`)}
        </button>
        <button type="button" className="field-link" onClick={onBack}>
          {t('field.back')}
        </button>
      </div>
    </form>
  );
}

/** A new resident of a household. */
function ResidentForm({ householdId, address, onDone, onBack }: { householdId: number; address: string; onDone: () => void; onBack: () => void }) {
  const { t } = useT();
  const [f, setF] = useState({ name: '', gender: '', birthYear: '', idNumber: '', phone: '', relation: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form
      className="field-form field-subform"
      onSubmit={(e) => {
        e.preventDefault();
        void change('resident', field.addResident.path, `${f.name} · ${address}`, {
          householdId,
          name: f.name.trim(),
          ...(f.gender ? { gender: f.gender } : {}),
          ...(f.birthYear ? { birthYear: Number(f.birthYear) } : {}),
          ...(f.idNumber.trim() ? { idNumber: f.idNumber.trim().toUpperCase() } : {}),
          ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
          ...(f.relation.trim() ? { relation: f.relation.trim() } : {}),
        }).then(onDone);
      }}
    >
      <label className="field-label">
        {t('field.records.name')}
        <input value={f.name} onChange={set('name')} maxLength={50} required />
      </label>
      <label className="field-label">
        {t('field.records.gender')}
        <select value={f.gender} onChange={set('gender')}>
          <option value="">—</option>
          <option value="男">男</option>
          <option value="女">女</option>
        </select>
      </label>
      <label className="field-label">
        {t('field.records.birthYear')}
        <input type="number" inputMode="numeric" value={f.birthYear} onChange={set('birthYear')} />
      </label>
      <label className="field-label">
        {t('field.records.idNumber')}
        <input value={f.idNumber} onChange={set('idNumber')} maxLength={18} pattern="\d{17}[\dXx]" />
      </label>
      <label className="field-label">
        {t('field.records.phone')}
        <input type="tel" value={f.phone} onChange={set('phone')} maxLength={20} />
      </label>
      <label className="field-label">
        {t('field.records.relation')}
        <input value={f.relation} onChange={set('relation')} maxLength={20} />
      </label>
      <div className="field-actions">
        <button type="submit" className="field-primary" disabled={!f.name.trim()}>
          {t('field.records.addResident')}
        </button>
        <button type="button" className="field-link" onClick={onBack}>
          {t('field.back')}
        </button>
      </div>
    </form>
  );
}

/** Verify, update (phone, relation) or de-register a resident. */
function ResidentChange({ r, onDone, onBack }: { r: Resident; onDone: () => void; onBack: () => void }) {
  const { t } = useT();
  const [action, setAction] = useState<Change>('verify');
  const [phone, setPhone] = useState(r.phone);
  const [relation, setRelation] = useState(r.relation);
  const [note, setNote] = useState('');
  return (
    <form
      className="field-form field-subform"
      onSubmit={(e) => {
        e.preventDefault();
        const fields =
          action === 'update'
            ? { ...(phone.trim() !== r.phone ? { phone: phone.trim() } : {}), ...(relation.trim() !== r.relation ? { relation: relation.trim() } : {}) }
            : {};
        void change('resident', `/field/residents/${r.id}/changes`, r.name, { action, ...fields, ...(note.trim() ? { note: note.trim() } : {}) }).then(onDone);
      }}
    >
      <h3>{r.name}</h3>
      <div className="field-chips">
        {(['verify', 'update', 'deregister'] as const).map((a) => (
          <label key={a} className={action === a ? 'on' : ''}>
            <input type="radio" checked={action === a} onChange={() => setAction(a)} />
            {t(`field.records.${a}`)}
          </label>
        ))}
      </div>
      {action === 'update' && (
        <>
          <label className="field-label">
            {t('field.records.phone')}
            <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={20} />
          </label>
          <label className="field-label">
            {t('field.records.relation')}
            <input value={relation} onChange={(e) => setRelation(e.target.value)} maxLength={20} />
          </label>
        </>
      )}
      <label className="field-label">
        {action === 'deregister' ? t('field.records.deregisterWhy') : t('field.visit.note')}
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <div className="field-actions">
        <button type="submit" className="field-primary" disabled={action === 'deregister' && !note.trim()}>
          {t(`field.records.${action}`)}
        </button>
        <button type="button" className="field-link" onClick={onBack}>
          {t('field.back')}
        </button>
      </div>
    </form>
  );
}

/** A new household of my grid, placed where the phone stands. */
function AddHousehold({ position, onDone, onBack }: { position: Position | null; onDone: () => void; onBack: () => void }) {
  const { t } = useT();
  const [address, setAddress] = useState('');
  const [size, setSize] = useState('1');
  return (
    <form
      className="field-card field-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!position) return;
        void change('household', field.addHousehold.path, address.trim(), {
          address: address.trim(),
          size: Number(size),
          lat: position.lat,
          lon: position.lon,
        }).then(onDone);
      }}
    >
      <h2>{t('field.records.addHousehold')}</h2>
      <label className="field-label">
        {t('field.records.address')}
        <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} required />
      </label>
      <label className="field-label">
        {t('field.records.sizeLabel')}
        <input type="number" inputMode="numeric" min={1} max={99} value={size} onChange={(e) => setSize(e.target.value)} />
      </label>
      <p className="field-hint">{position ? t('field.records.herePosition') : t('field.waitingPosition')}</p>
      <div className="field-actions">
        <button type="submit" className="field-primary" disabled={!position || !address.trim()}>
          {t('field.records.addHousehold')}
        </button>
        <button type="button" className="field-link" onClick={onBack}>
          {t('field.back')}
        </button>
      </div>
    </form>
  );
}
