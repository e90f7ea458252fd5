// 部门: the member departments incidents are dispatched to (R6), with their seconded headcount and contact.
import { useState } from 'react';
import { org } from '../../../../shared/org/contract.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction } from './Form.tsx';

type Department = { id: number; code: string; name: string; headcount: number; contactName: string | null; contactPhone: string | null };

export function DepartmentsTab() {
  const { t } = useT();
  const o = useEndpoint(org.org, {});
  const [selected, setSelected] = useState<number | null>(null);
  const departments = o?.departments ?? [];
  const department = departments.find((d) => d.id === selected) ?? null;
  return (
    <div className="org-tab">
      <section className="org-main">
        <table className="org-table" data-testid="departments">
          <thead>
            <tr>
              <th>{t('org.code')}</th>
              <th>{t('org.name')}</th>
              <th>{t('org.headcount')}</th>
              <th>{t('org.contact')}</th>
              <th>{t('org.phone')}</th>
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => (
              <tr key={d.id} data-department={d.code} className={d.id === selected ? 'selected' : ''} onClick={() => setSelected(d.id)}>
                <td className="code">{d.code}</td>
                <td>{d.name}</td>
                <td>{d.headcount}</td>
                <td>{d.contactName ?? '—'}</td>
                <td>{d.contactPhone ?? '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>{t('org.total')}</td>
              <td>{departments.reduce((n, d) => n + d.headcount, 0)}</td>
              <td colSpan={2} />
            </tr>
          </tfoot>
        </table>
      </section>
      <aside className="org-side">
        <DepartmentForm key={department?.id ?? 'new'} department={department} onSaved={setSelected} />
        {department && (
          <button type="button" className="org-link" onClick={() => setSelected(null)}>
            {t('org.addDepartment')}
          </button>
        )}
      </aside>
    </div>
  );
}

/** A new department (with its code) or an edit of one; an empty contact is none. */
function DepartmentForm({ department, onSaved }: { department: Department | null; onSaved: (id: number) => void }) {
  const { t } = useT();
  const [v, setV] = useState({
    code: department?.code ?? '',
    name: department?.name ?? '',
    headcount: String(department?.headcount ?? 0),
    contactName: department?.contactName ?? '',
    contactPhone: department?.contactPhone ?? '',
  });
  const a = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const body = { name: v.name, headcount: Number(v.headcount), contactName: v.contactName || null, contactPhone: v.contactPhone || null };
  return (
    <form
      className="org-form org-panel"
      data-testid="department-form"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () =>
            department ? call(org.editDepartment, { params: { id: department.id }, body }) : call(org.createDepartment, { body: { code: v.code, ...body } }),
          (d) => onSaved(d.id),
        );
      }}
    >
      <h2>{department ? department.name : t('org.addDepartment')}</h2>
      {!department && (
        <Field label={t('org.code')} error={a.error?.fields.code}>
          <input name="code" value={v.code} placeholder="transport" onChange={set('code')} />
        </Field>
      )}
      <Field label={t('org.name')} error={a.error?.fields.name}>
        <input name="name" value={v.name} onChange={set('name')} />
      </Field>
      <Field label={t('org.headcount')} error={a.error?.fields.headcount}>
        <input name="headcount" type="number" min={0} value={v.headcount} onChange={set('headcount')} />
      </Field>
      <Field label={t('org.contact')} error={a.error?.fields.contactName}>
        <input name="contactName" value={v.contactName} onChange={set('contactName')} />
      </Field>
      <Field label={t('org.phone')} error={a.error?.fields.contactPhone}>
        <input name="contactPhone" value={v.contactPhone} onChange={set('contactPhone')} />
      </Field>
      <button type="submit" disabled={a.busy}>
        {department ? t('org.save') : t('org.create')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}
