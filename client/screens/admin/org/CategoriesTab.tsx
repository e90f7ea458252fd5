// 事件类别: incident classes (事件分类) created and edited — the department they go to (R6), the time limit
// in natural or working hours, whether they may be closed on the spot (R18) — and the working calendar the
// working hours count on.
import { useState } from 'react';
import { type Category, incidents } from '../../../../shared/incidents/contract.ts';
import { org } from '../../../../shared/org/contract.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction } from './Form.tsx';

export function CategoriesTab() {
  const { t } = useT();
  const list = useEndpoint(incidents.categories, {});
  const [selected, setSelected] = useState<string | null>(null);
  const categories = list?.categories ?? [];
  const category = categories.find((c) => c.code === selected) ?? null;
  return (
    <div className="org-tab">
      <section className="org-main">
        <table className="org-table" data-testid="categories">
          <thead>
            <tr>
              <th>{t('org.code')}</th>
              <th>{t('org.majorName')}</th>
              <th>{t('org.name')}</th>
              <th>{t('org.department')}</th>
              <th>{t('org.timeLimit')}</th>
              <th>{t('org.onSpot')}</th>
              <th>{t('org.state')}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr
                key={c.code}
                data-category={c.code}
                className={c.code === selected ? 'selected' : c.active ? '' : 'muted'}
                onClick={() => setSelected(c.code)}
              >
                <td className="code">{c.code}</td>
                <td>{c.majorName}</td>
                <td>{c.name}</td>
                <td>{c.department ?? '—'}</td>
                <td>{t(c.hoursKind === 'working' ? 'org.workingHours' : 'org.naturalHours', { h: c.timeLimitH })}</td>
                <td>{c.onSpot ? t('org.yes') : t('org.no')}</td>
                <td>{c.active ? t('org.enabled') : t('org.disabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="org-side">
        <CategoryForm key={category?.code ?? 'new'} category={category} onSaved={setSelected} />
        {category && (
          <button type="button" className="org-link" onClick={() => setSelected(null)}>
            {t('org.addCategory')}
          </button>
        )}
      </aside>
    </div>
  );
}

function CategoryForm({ category, onSaved }: { category: Category | null; onSaved: (code: string) => void }) {
  const { t } = useT();
  const departments = useEndpoint(org.org, {})?.departments ?? [];
  const [v, setV] = useState({
    code: category?.code ?? '',
    majorName: '',
    name: category?.name ?? '',
    departmentId: String(category?.departmentId ?? ''),
    timeLimitH: String(category?.timeLimitH ?? 24),
    hoursKind: category?.hoursKind ?? 'natural',
    onSpot: category?.onSpot ?? false,
    active: category?.active ?? true,
    filing: category?.filing ?? '',
    closing: category?.closing ?? '',
  });
  const a = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const common = {
    name: v.name,
    departmentId: v.departmentId ? Number(v.departmentId) : null,
    timeLimitH: Number(v.timeLimitH),
    hoursKind: v.hoursKind,
    onSpot: v.onSpot,
    filing: v.filing,
    closing: v.closing,
  };
  return (
    <form
      className="org-form org-panel"
      data-testid="category-form"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () =>
            category
              ? call(incidents.editCategory, { params: { code: category.code }, body: { ...common, active: v.active } })
              : call(incidents.createCategory, { body: { code: v.code, ...(v.majorName ? { majorName: v.majorName } : {}), ...common } }),
          (c) => onSaved(c.code),
        );
      }}
    >
      <h2>{category ? `${category.code} ${category.name}` : t('org.addCategory')}</h2>
      {!category && (
        <>
          <Field label={t('org.categoryCode')} error={a.error?.fields.code}>
            <input name="code" value={v.code} maxLength={4} onChange={set('code')} />
          </Field>
          <Field label={t('org.majorNameNew')} error={a.error?.fields.majorName}>
            <input name="majorName" value={v.majorName} onChange={set('majorName')} />
          </Field>
        </>
      )}
      <Field label={t('org.name')} error={a.error?.fields.name}>
        <input name="name" value={v.name} onChange={set('name')} />
      </Field>
      <Field label={t('org.department')} error={a.error?.fields.departmentId}>
        <select name="departmentId" value={v.departmentId} onChange={set('departmentId')}>
          <option value="">{t('org.brigadeItself')}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="org-row">
        <Field label={t('org.timeLimitH')} error={a.error?.fields.timeLimitH}>
          <input name="timeLimitH" type="number" min={0} step="any" value={v.timeLimitH} onChange={set('timeLimitH')} />
        </Field>
        <Field label={t('org.hoursKind')} error={a.error?.fields.hoursKind}>
          <select name="hoursKind" value={v.hoursKind} onChange={(e) => setV({ ...v, hoursKind: e.target.value as 'natural' | 'working' })}>
            <option value="natural">{t('org.natural')}</option>
            <option value="working">{t('org.working')}</option>
          </select>
        </Field>
      </div>
      <label className="org-check">
        <input type="checkbox" checked={v.onSpot} onChange={(e) => setV({ ...v, onSpot: e.target.checked })} /> {t('org.onSpotAllowed')}
      </label>
      {category && (
        <label className="org-check">
          <input type="checkbox" checked={v.active} onChange={(e) => setV({ ...v, active: e.target.checked })} /> {t('org.enabled')}
        </label>
      )}
      <Field label={t('org.filing')} error={a.error?.fields.filing}>
        <textarea name="filing" rows={2} value={v.filing} onChange={set('filing')} />
      </Field>
      <Field label={t('org.closing')} error={a.error?.fields.closing}>
        <textarea name="closing" rows={2} value={v.closing} onChange={set('closing')} />
      </Field>
      <button type="submit" disabled={a.busy}>
        {category ? t('org.save') : t('org.create')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

/** 工作日历: the holidays and the weekend days worked, the days that working-hour time limits skip or count. */
export function CalendarTab() {
  const { t } = useT();
  const calendar = useEndpoint(incidents.calendar, {});
  const [v, setV] = useState({ day: '', kind: 'holiday' as 'holiday' | 'workday', name: '' });
  const a = useAction();
  const remove = useAction();
  return (
    <div className="org-tab">
      <section className="org-main">
        <table className="org-table" data-testid="calendar">
          <thead>
            <tr>
              <th>{t('org.day')}</th>
              <th>{t('org.dayKind')}</th>
              <th>{t('org.name')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(calendar?.days ?? []).map((d) => (
              <tr key={d.day}>
                <td className="code">{d.day}</td>
                <td className={d.kind === 'holiday' ? 'status-leave' : ''}>{t(`org.${d.kind}`)}</td>
                <td>{d.name}</td>
                <td>
                  <button
                    type="button"
                    className="org-small"
                    disabled={remove.busy}
                    onClick={() => void remove.run(() => call(incidents.setCalendar, { body: { days: [{ day: d.day, kind: 'normal', name: '' }] } }))}
                  >
                    {t('org.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FormError error={remove.error} />
      </section>
      <aside className="org-side">
        <form
          className="org-form org-panel"
          onSubmit={(e) => {
            e.preventDefault();
            void a.run(() => call(incidents.setCalendar, { body: { days: [v] } }));
          }}
        >
          <h2>{t('org.addDay')}</h2>
          <Field label={t('org.day')} error={a.error?.fields['days.0.day']}>
            <input type="date" name="day" value={v.day} onChange={(e) => setV({ ...v, day: e.target.value })} />
          </Field>
          <Field label={t('org.dayKind')}>
            <select name="kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as 'holiday' | 'workday' })}>
              <option value="holiday">{t('org.holiday')}</option>
              <option value="workday">{t('org.workday')}</option>
            </select>
          </Field>
          <Field label={t('org.name')} error={a.error?.fields['days.0.name']}>
            <input name="name" value={v.name} placeholder="春节" onChange={(e) => setV({ ...v, name: e.target.value })} />
          </Field>
          <button type="submit" disabled={a.busy}>
            {t('org.save')}
          </button>
          <FormError error={a.error} />
        </form>
      </aside>
    </div>
  );
}
