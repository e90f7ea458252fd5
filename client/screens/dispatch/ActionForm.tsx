import { useState, type FormEvent } from 'react';
import { INCIDENT_LABELS, type IncidentAction } from '../../../shared/incidents/machine.ts';
import { type Lang, type MessageKey, useT } from '../../platform/i18n.ts';

import type { Suggestion, Suggestions } from '../../../shared/incidents/contract.ts';

/** What each action asks for, and nothing more (R31). */
type Field = { name: string; label: MessageKey; kind: 'text' | 'textarea' | 'number' | 'select'; options?: [string, MessageKey][]; required?: boolean };
const FIELDS: Partial<Record<IncidentAction, Field[]>> = {
  reject: [{ name: 'reason', label: 'action.reason', kind: 'textarea', required: true }],
  resolve_on_spot: [{ name: 'result', label: 'action.result', kind: 'textarea', required: true }],
  handle: [{ name: 'result', label: 'action.result', kind: 'textarea', required: true }],
  city_result: [{ name: 'result', label: 'action.cityResult', kind: 'textarea', required: true }],
  rework: [{ name: 'reason', label: 'action.reworkReason', kind: 'textarea', required: true }],
  escalate: [{ name: 'reason', label: 'action.escalateReason', kind: 'textarea', required: true }],
  postpone: [{ name: 'reason', label: 'action.postponeReason', kind: 'textarea', required: true }],
  request_extension: [
    { name: 'hours', label: 'action.extensionHours', kind: 'number', required: true },
    { name: 'reason', label: 'action.reason', kind: 'textarea', required: true },
  ],
  merge: [{ name: 'intoId', label: 'action.mergeInto', kind: 'number', required: true }],
  feedback: [
    {
      name: 'method',
      label: 'action.feedbackMethod',
      kind: 'select',
      options: [
        ['phone', 'feedback.phone'],
        ['visit', 'feedback.visit'],
        ['sms', 'feedback.sms'],
        ['wechat', 'feedback.wechat'],
      ],
    },
    { name: 'content', label: 'action.feedbackContent', kind: 'textarea', required: true },
    {
      name: 'satisfaction',
      label: 'action.satisfaction',
      kind: 'select',
      options: [
        ['satisfied', 'satisfaction.satisfied'],
        ['basically', 'satisfaction.basically'],
        ['unsatisfied', 'satisfaction.unsatisfied'],
      ],
    },
  ],
};
const NUMBER_FIELDS = new Set(['hours', 'intoId', 'deadlineHours', 'workerId', 'departmentId']);

/** One button per allowed action; an action that needs more opens its small form. Dispatch lists the suggestions. */
export function ActionBar({
  actions,
  suggestions,
  department,
  lang,
  onAct,
  busy,
}: {
  actions: IncidentAction[];
  suggestions: Suggestion[];
  department: Suggestions['department'];
  lang: Lang;
  onAct: (body: Record<string, unknown> & { action: IncidentAction }) => void;
  busy: boolean;
}) {
  const { t } = useT();
  const [open, setOpen] = useState<IncidentAction | null>(null);
  const label = (a: IncidentAction) => INCIDENT_LABELS[a][lang];
  const submit = (action: IncidentAction) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = { action };
    for (const [k, v] of new FormData(e.currentTarget)) if (v !== '') body[k] = NUMBER_FIELDS.has(k) ? Number(v) : v;
    setOpen(null);
    onAct(body as Record<string, unknown> & { action: IncidentAction });
  };
  return (
    <div className="action-bar" data-testid="actions">
      <div className="action-buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            data-action={a}
            disabled={busy}
            className={open === a ? 'on' : ''}
            onClick={() => (FIELDS[a] || a === 'dispatch' ? setOpen(open === a ? null : a) : onAct({ action: a }))}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {open === 'dispatch' && (
        <div className="dispatch-choices" data-testid="dispatch-choices">
          {suggestions.map((s) => (
            <button
              key={s.workerId}
              type="button"
              data-worker={s.workerId}
              disabled={busy}
              onClick={() => {
                setOpen(null);
                onAct({ action: 'dispatch', workerId: s.workerId });
              }}
            >
              <b>{s.name}</b>
              {s.ownGrid && <em>{t('suggest.ownGrid')}</em>}
              <span>
                {s.distanceM < 1000 ? t('suggest.metres', { n: s.distanceM }) : t('suggest.kilometres', { n: (s.distanceM / 1000).toFixed(1) })} ·{' '}
                {t('suggest.eta', { walk: s.etaWalkMin, ebike: s.etaEbikeMin })}
              </span>
            </button>
          ))}
          {!suggestions.length && <p className="muted">{t('suggest.none')}</p>}
          {department && (
            <button
              type="button"
              data-department={department.departmentId}
              disabled={busy}
              onClick={() => {
                setOpen(null);
                onAct({ action: 'dispatch', departmentId: department.departmentId });
              }}
            >
              <b>{department.name}</b>
              <span>{t('suggest.department')}</span>
            </button>
          )}
        </div>
      )}
      {open && FIELDS[open] && (
        <form className="action-form" onSubmit={submit(open)} data-testid={`form-${open}`}>
          {FIELDS[open]!.map((f) => (
            // The label names its control by id too: it holds one of three kinds, chosen by the field.
            <label key={f.name} htmlFor={`action-${f.name}`}>
              {t(f.label)}
              {f.kind === 'textarea' ? (
                <textarea id={`action-${f.name}`} name={f.name} required={f.required} rows={2} />
              ) : f.kind === 'select' ? (
                <select id={`action-${f.name}`} name={f.name}>
                  {f.options!.map(([v, l]) => (
                    <option key={v} value={v}>
                      {t(l)}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={`action-${f.name}`} name={f.name} type={f.kind} required={f.required} min={f.kind === 'number' ? 1 : undefined} />
              )}
            </label>
          ))}
          <button type="submit" disabled={busy}>
            {label(open)}
          </button>
        </form>
      )}
    </div>
  );
}
