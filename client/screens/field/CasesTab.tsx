// 我的事件 (R18–R20): what was given to me, what I reported and what happens in my grid — accept, handle with
// photos, verify what I reported; for a hazard, 督促整改 (the party and the deadline) and 整改核查 with photos.
// A case someone else moved first comes back from the queue as a conflict, explained there.
import { useState } from 'react';
import { type MyCase, field } from '../../../shared/field/contract.ts';
import { INCIDENT_LABELS } from '../../../shared/incidents/machine.ts';
import { enqueue, newClientRef, useOutbox } from '../../field/outbox.ts';
import { ref } from '../../field/queue.ts';
import { useT } from '../../platform/i18n.ts';
import { explainConflict } from './conflict.ts';
import { PhotoPicker } from './PhotoPicker.tsx';
import { useFieldData } from './useFieldData.ts';

/** The actions a worker takes here; the others (dispatch, close…) belong to the duty officer. */
const MINE = ['accept', 'handle', 'verify', 'resolve_on_spot'] as const;
type Mine = (typeof MINE)[number];
/** What a form asks for: a text (result, note) and photos, or nothing. */
type Form = { kind: Mine | 'rectify' | 'check'; caseId: number };

export function CasesTab({ onQueue }: { onQueue: () => void }) {
  const { t, lang } = useT();
  const [open, setOpen] = useState<'true' | 'all'>('true');
  const cases = useFieldData(field.cases, { query: { open } }, { everyMs: 60_000 });
  const { entries } = useOutbox();
  const [form, setForm] = useState<Form | null>(null);
  const queued = (c: MyCase) => entries.filter((e) => e.path.startsWith(`/incidents/${c.id}/`) || e.path.startsWith(`/field/cases/${c.id}/`));
  const queuedFor = (c: MyCase) => queued(c).length;
  const list = cases.data?.cases ?? [];

  return (
    <section className="field-tab" data-testid="cases">
      <div className="field-chips">
        <button type="button" className={open === 'true' ? 'on' : ''} onClick={() => setOpen('true')}>
          {t('field.cases.open')}
        </button>
        <button type="button" className={open === 'all' ? 'on' : ''} onClick={() => setOpen('all')}>
          {t('field.cases.all')}
        </button>
      </div>
      {list.length === 0 && <p className="field-empty">{cases.loading ? t('loading') : cases.error ? t('field.loadFailed') : t('field.none')}</p>}
      <ul className="field-cases">
        {list.map((c) => (
          <li key={c.id} className="field-card" data-case={c.id}>
            <div className="field-card-head">
              <h2>
                {c.category} <small>{c.code}</small>
              </h2>
              <span className={`field-state ${c.urgency}`}>{INCIDENT_LABELS[c.state][lang]}</span>
            </div>
            <p>{c.description}</p>
            <p className="field-hint">
              {[c.mine.assigned && t('field.cases.assigned'), c.mine.reported && t('field.cases.reported'), c.mine.inGrid && t('field.cases.inGrid')]
                .filter(Boolean)
                .join(' · ')}
              {c.deadline &&
                ` · ${t('field.cases.deadline', { at: new Date(c.deadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) })}`}
            </p>
            {c.rectification && (
              <p className="field-rect">
                {t('field.cases.rectification', { party: c.rectification.responsibleParty, day: c.rectification.deadline })} ·{' '}
                {t(`field.cases.rect.${c.rectification.state}`)}
              </p>
            )}
            {queued(c).some((e) => e.state === 'conflict') ? (
              <div className="field-conflict" data-testid="case-conflict">
                {queued(c)
                  .filter((e) => e.state === 'conflict')
                  .map((e) => (
                    <p key={e.id}>{explainConflict(e, t, lang) ?? t('field.cases.conflict')}</p>
                  ))}
                <button type="button" className="field-secondary small" onClick={onQueue}>
                  {t('field.cases.conflict')}
                </button>
              </div>
            ) : queuedFor(c) > 0 ? (
              <p className="field-hint">{t('field.cases.queued', { n: queuedFor(c) })}</p>
            ) : (
              <div className="field-actions">
                {MINE.filter((a) => c.actions.includes(a)).map((a) => (
                  <button key={a} type="button" className="field-secondary" data-action={a} onClick={() => setForm({ kind: a, caseId: c.id })}>
                    {INCIDENT_LABELS[a][lang]}
                  </button>
                ))}
                {c.state !== 'closed' && c.state !== 'rejected' && c.state !== 'merged' && (!c.rectification || c.rectification.state === 'failed') && (
                  <button type="button" className="field-secondary" data-action="rectify" onClick={() => setForm({ kind: 'rectify', caseId: c.id })}>
                    {t('field.cases.rectify')}
                  </button>
                )}
                {c.rectification?.state === 'pending' && (
                  <button type="button" className="field-secondary" data-action="check" onClick={() => setForm({ kind: 'check', caseId: c.id })}>
                    {t('field.cases.check')}
                  </button>
                )}
              </div>
            )}
            {form?.caseId === c.id && <CaseForm c={c} kind={form.kind} onClose={() => setForm(null)} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CaseForm({ c, kind, onClose }: { c: MyCase; kind: Form['kind']; onClose: () => void }) {
  const { t, lang } = useT();
  const [text, setText] = useState('');
  const [party, setParty] = useState('');
  const [deadline, setDeadline] = useState('');
  const [passed, setPassed] = useState(true);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const withPhotos = kind === 'handle' || kind === 'check' || kind === 'resolve_on_spot';
  const needsText = kind !== 'accept' && kind !== 'verify';

  async function send() {
    const photoIds = photos.map(() => newClientRef());
    const photoEntries = photos.map((blob, i) => ({
      id: photoIds[i]!,
      kind: 'photo' as const,
      label: `${c.code} ${i + 1}/${photos.length}`,
      path: `/incidents/${c.id}/attachments`,
      blob,
    }));
    const id = newClientRef();
    const label = `${c.code} ${c.category}`;
    const note = text.trim();
    const last =
      kind === 'rectify'
        ? {
            id,
            kind: 'rectify' as const,
            label,
            path: `/field/cases/${c.id}/rectification`,
            body: { clientRef: id, responsibleParty: party.trim(), deadline, ...(note ? { note } : {}) },
          }
        : kind === 'check'
          ? {
              id,
              kind: 'check' as const,
              label,
              path: `/field/cases/${c.id}/rectification/check`,
              body: { clientRef: id, passed, note, photoIds: photoIds.map((p) => ref(p, 'id')) },
              after: photoIds,
            }
          : {
              id,
              kind: 'action' as const,
              label: `${label} · ${INCIDENT_LABELS[kind][lang]}`,
              // The field app's door of the workflow: the same clientRef re-sent is answered as done, not a 409.
              path: `/field/cases/${c.id}/actions`,
              body: {
                clientRef: id,
                action: kind,
                version: c.version,
                ...(kind === 'handle' || kind === 'resolve_on_spot' ? { result: note } : {}),
              },
              after: photoIds,
            };
    await enqueue(...photoEntries, last);
    onClose();
  }

  const ready = kind === 'rectify' ? party.trim() && deadline : !needsText || text.trim();
  return (
    <form
      className="field-form field-subform"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {kind === 'rectify' && (
        <>
          <label className="field-label">
            {t('field.cases.party')}
            <input name="party" value={party} onChange={(e) => setParty(e.target.value)} maxLength={100} />
          </label>
          <label className="field-label">
            {t('field.cases.rectDeadline')}
            <input type="date" name="deadline" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </label>
        </>
      )}
      {kind === 'check' && (
        <div className="field-chips">
          <label className={passed ? 'on' : ''}>
            <input type="radio" checked={passed} onChange={() => setPassed(true)} />
            {t('field.cases.passed')}
          </label>
          <label className={!passed ? 'on' : ''}>
            <input type="radio" checked={!passed} onChange={() => setPassed(false)} />
            {t('field.cases.notPassed')}
          </label>
        </div>
      )}
      {needsText && (
        <label className="field-label">
          {kind === 'handle' || kind === 'resolve_on_spot' ? t('field.report.result') : t('field.visit.note')}
          <textarea name="text" rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} />
        </label>
      )}
      {withPhotos && <PhotoPicker photos={photos} onChange={setPhotos} />}
      <div className="field-actions">
        <button type="submit" className="field-primary" disabled={!ready} data-testid="case-submit">
          {kind === 'rectify' ? t('field.cases.rectify') : kind === 'check' ? t('field.cases.check') : INCIDENT_LABELS[kind][lang]}
        </button>
        <button type="button" className="field-link" onClick={onClose}>
          {t('field.back')}
        </button>
      </div>
    </form>
  );
}
