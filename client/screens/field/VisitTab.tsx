// 走访 (R14, R17): pick a household, fill the visit diary — time slot, range, people met, problems found or
// requested (each may go into the 民情台账), handling, notes. Saved to the queue at once, sent when it can be.
import { useMemo, useState } from 'react';
import { field, TIME_SLOTS } from '../../../shared/field/contract.ts';
import { enqueue, newClientRef, useOutbox } from '../../field/outbox.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import type { PickedHousehold } from './navigation.ts';
import { HouseholdPicker } from './HouseholdPicker.tsx';
import { queuedVisits } from './queued.ts';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

type Slot = (typeof TIME_SLOTS)[number];
const SLOT_LABEL: Record<Slot, MessageKey> = { morning: 'field.visit.morning', afternoon: 'field.visit.afternoon', evening: 'field.visit.evening' };
/** The diary's time slot of the phone's clock, in Beijing time. */
const slotNow = (): Slot => {
  const h = (new Date().getUTCHours() + 8) % 24;
  return h < 12 ? 'morning' : h < 18 ? 'afternoon' : 'evening';
};

export function VisitTab({
  position,
  household,
  onHousehold,
}: {
  position: Position | null;
  household: PickedHousehold | null;
  onHousehold: (h: PickedHousehold | null) => void;
}) {
  const { t } = useT();
  const { entries } = useOutbox();
  const visited = useMemo(() => queuedVisits(entries), [entries]);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className="field-tab" data-testid="visit">
      {saved && (
        <p className="field-toast" role="status">
          {t('field.visit.saved', { address: saved })}
        </p>
      )}
      {household ? (
        <VisitForm
          key={household.id}
          household={household}
          position={position}
          onDone={(address) => {
            setSaved(address);
            onHousehold(null);
          }}
          onCancel={() => onHousehold(null)}
        />
      ) : (
        <HouseholdPicker
          position={position}
          visited={visited}
          onPick={(h) => {
            setSaved(null);
            onHousehold(h);
          }}
        />
      )}
    </section>
  );
}

function VisitForm({
  household,
  position,
  onDone,
  onCancel,
}: {
  household: PickedHousehold;
  position: Position | null;
  onDone: (address: string) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const detail = useFieldData(field.household, { params: { id: household.id } });
  const [slot, setSlot] = useState<Slot>(slotNow);
  const [range, setRange] = useState('');
  const [people, setPeople] = useState('');
  const [personId, setPersonId] = useState<number | null>(null);
  const [problems, setProblems] = useState<{ text: string; ledger: boolean }[]>([]);
  const [handling, setHandling] = useState('');
  const [note, setNote] = useState('');
  const focus = detail.data?.focusPersons ?? [];

  async function save() {
    const clientRef = newClientRef();
    const trim = (s: string) => (s.trim() ? s.trim() : undefined);
    await enqueue({
      id: clientRef,
      kind: 'visit',
      label: household.address,
      path: field.visit.path,
      body: {
        clientRef,
        householdId: household.id,
        ...(personId !== null ? { personId } : {}),
        visitedAt: new Date().toISOString(),
        timeSlot: slot,
        range: trim(range),
        people: trim(people),
        problems: problems.filter((p) => p.text.trim()).map((p) => ({ text: p.text.trim(), ledger: p.ledger })),
        handling: trim(handling),
        note: trim(note),
        ...(position ? { lat: position.lat, lon: position.lon } : {}),
      },
    });
    onDone(household.address);
  }

  return (
    <form
      className="field-card field-form"
      data-testid="visit-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="field-card-head">
        <h2>{household.address}</h2>
        <button type="button" className="field-link" onClick={onCancel}>
          {t('field.back')}
        </button>
      </div>
      {detail.data && (
        <p className="field-hint">
          {t('field.persons', { n: detail.data.size })}
          {detail.data.residents < detail.data.size && ` · ${t('field.registeredOf', { n: detail.data.residents })}`} ·{' '}
          {detail.data.lastVisit ? t('field.lastVisit', { day: detail.data.lastVisit }) : t('field.neverVisited')}
        </p>
      )}
      <fieldset className="field-chips">
        <legend>{t('field.visit.slot')}</legend>
        {TIME_SLOTS.map((s) => (
          <label key={s} className={slot === s ? 'on' : ''}>
            <input type="radio" name="slot" checked={slot === s} onChange={() => setSlot(s)} />
            {t(SLOT_LABEL[s])}
          </label>
        ))}
      </fieldset>
      {focus.length > 0 && (
        <label className="field-label">
          {t('field.visit.focusPerson')}
          <select value={personId ?? ''} onChange={(e) => setPersonId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('field.visit.household')}</option>
            {focus.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.kind === 'assist' ? t('field.assist') : t('field.concern')}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field-label">
        {t('field.visit.range')}
        <input name="range" value={range} onChange={(e) => setRange(e.target.value)} maxLength={200} />
      </label>
      <label className="field-label">
        {t('field.visit.people')}
        <input name="people" value={people} onChange={(e) => setPeople(e.target.value)} maxLength={200} />
      </label>
      <div className="field-label">
        {t('field.visit.problems')}
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no id of their own and are only added at the end or removed
          <div key={i} className="field-problem">
            <textarea
              rows={2}
              value={p.text}
              aria-label={t('field.visit.problem')}
              onChange={(e) => setProblems(problems.map((x, k) => (k === i ? { ...x, text: e.target.value } : x)))}
            />
            <label className="field-check">
              <input
                type="checkbox"
                checked={p.ledger}
                onChange={(e) => setProblems(problems.map((x, k) => (k === i ? { ...x, ledger: e.target.checked } : x)))}
              />
              {t('field.visit.ledger')}
            </label>
            <button type="button" className="field-link" onClick={() => setProblems(problems.filter((_, k) => k !== i))}>
              {t('field.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="field-secondary" onClick={() => setProblems([...problems, { text: '', ledger: false }])}>
          {t('field.visit.addProblem')}
        </button>
      </div>
      <label className="field-label">
        {t('field.visit.handling')}
        <textarea name="handling" rows={2} value={handling} onChange={(e) => setHandling(e.target.value)} maxLength={1000} />
      </label>
      <label className="field-label">
        {t('field.visit.note')}
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <button type="submit" className="field-primary" data-testid="visit-save">
        {t('field.visit.save')}
      </button>
    </form>
  );
}
