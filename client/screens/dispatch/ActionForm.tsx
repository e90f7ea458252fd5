import { useState, type FormEvent } from 'react';
import { INCIDENT_LABELS, type IncidentAction } from '../../../shared/incidents/machine.ts';
import type { Lang } from '../../platform/i18n.ts';

import type { Suggestion, Suggestions } from '../../../shared/incidents/contract.ts';

/** What each action asks for, and nothing more (R31). */
type Field = { name: string; label: string; kind: 'text' | 'textarea' | 'number' | 'select'; options?: [string, string][]; required?: boolean };
const FIELDS: Partial<Record<IncidentAction, Field[]>> = {
  reject: [{ name: 'reason', label: '原因', kind: 'textarea', required: true }],
  resolve_on_spot: [{ name: 'result', label: '处置结果', kind: 'textarea', required: true }],
  handle: [{ name: 'result', label: '处置结果', kind: 'textarea', required: true }],
  city_result: [{ name: 'result', label: '市级办理结果', kind: 'textarea', required: true }],
  rework: [{ name: 'reason', label: '返工原因', kind: 'textarea', required: true }],
  escalate: [{ name: 'reason', label: '升级原因', kind: 'textarea', required: true }],
  postpone: [{ name: 'reason', label: '缓办原因', kind: 'textarea', required: true }],
  request_extension: [
    { name: 'hours', label: '延期小时', kind: 'number', required: true },
    { name: 'reason', label: '原因', kind: 'textarea', required: true },
  ],
  merge: [{ name: 'intoId', label: '并入事件编号(ID)', kind: 'number', required: true }],
  feedback: [
    {
      name: 'method',
      label: '方式',
      kind: 'select',
      options: [
        ['phone', '电话'],
        ['visit', '上门'],
        ['sms', '短信'],
        ['wechat', '微信'],
      ],
    },
    { name: 'content', label: '反馈内容', kind: 'textarea', required: true },
    {
      name: 'satisfaction',
      label: '满意度',
      kind: 'select',
      options: [
        ['satisfied', '满意'],
        ['basically', '基本满意'],
        ['unsatisfied', '不满意'],
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
              onClick={() => (setOpen(null), onAct({ action: 'dispatch', workerId: s.workerId }))}
            >
              <b>{s.name}</b>
              {s.ownGrid && <em>本网格</em>}
              <span>
                {s.distanceM < 1000 ? `${s.distanceM} 米` : `${(s.distanceM / 1000).toFixed(1)} 公里`} · 步行 {s.etaWalkMin} 分 · 电动车 {s.etaEbikeMin} 分
              </span>
            </button>
          ))}
          {!suggestions.length && <p className="muted">附近暂无在线网格员</p>}
          {department && (
            <button
              type="button"
              data-department={department.departmentId}
              disabled={busy}
              onClick={() => (setOpen(null), onAct({ action: 'dispatch', departmentId: department.departmentId }))}
            >
              <b>{department.name}</b>
              <span>职能部门（默认）</span>
            </button>
          )}
        </div>
      )}
      {open && FIELDS[open] && (
        <form className="action-form" onSubmit={submit(open)} data-testid={`form-${open}`}>
          {FIELDS[open]!.map((f) => (
            <label key={f.name}>
              {f.label}
              {f.kind === 'textarea' ? (
                <textarea name={f.name} required={f.required} rows={2} />
              ) : f.kind === 'select' ? (
                <select name={f.name}>
                  {f.options!.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              ) : (
                <input name={f.name} type={f.kind} required={f.required} min={f.kind === 'number' ? 1 : undefined} />
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
