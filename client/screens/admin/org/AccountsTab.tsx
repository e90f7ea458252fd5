// 账号: accounts created and edited — role, its scope (a squad leader's squad, a worker's own worker, a
// department's desk), disabled or enabled — a password reset, a lockout lifted.
import { useState } from 'react';
import type { z } from 'zod';
import { type Account as AccountSchema, auth } from '../../../../shared/auth/contract.ts';
import { ROLES, type Role } from '../../../../shared/core/roles.ts';
import { org } from '../../../../shared/org/contract.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction } from './Form.tsx';
import { SCOPE_FIELD, type ScopeChoice, scopeBody, scopeOf } from './accounts.ts';

type Account = z.infer<typeof AccountSchema>;

export function AccountsTab() {
  const { t } = useT();
  const users = useEndpoint(auth.users, {});
  const [selected, setSelected] = useState<number | null>(null);
  const [role, setRole] = useState('');
  const refs = useRefs();
  const account = users?.find((u) => u.id === selected) ?? null;
  const rows = (users ?? []).filter((u) => !role || u.role === role);
  return (
    <div className="org-tab">
      <section className="org-main">
        <div className="org-filters">
          <select value={role} onChange={(e) => setRole(e.target.value)} aria-label={t('org.role')}>
            <option value="">{t('org.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`org.role.${r}`)}
              </option>
            ))}
          </select>
          <span className="muted">{t('org.count', { n: rows.length })}</span>
        </div>
        <table className="org-table" data-testid="accounts">
          <thead>
            <tr>
              <th>{t('username')}</th>
              <th>{t('org.displayName')}</th>
              <th>{t('org.role')}</th>
              <th>{t('org.scope')}</th>
              <th>{t('org.state')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} data-user={u.username} className={u.id === selected ? 'selected' : ''} onClick={() => setSelected(u.id)}>
                <td className="code">{u.username}</td>
                <td>{u.displayName}</td>
                <td>{t(`org.role.${u.role}`)}</td>
                <td>{scopeOf(u, refs) ?? '—'}</td>
                <td className={u.disabled ? 'status-left' : ''}>{u.disabled ? t('org.disabled') : t('org.enabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="org-side">
        {account ? <AccountPanel key={account.id} account={account} refs={refs} /> : <AccountForm refs={refs} onCreated={setSelected} />}
        {account && (
          <button type="button" className="org-link" onClick={() => setSelected(null)}>
            {t('org.createAccount')}
          </button>
        )}
      </aside>
    </div>
  );
}

type Refs = ReturnType<typeof useRefs>;
/** The squads, workers and departments an account's scope names. */
function useRefs() {
  const o = useEndpoint(org.org, {});
  const workers = useEndpoint(org.workers, {});
  return {
    squads: (o?.squads ?? []).map((s) => ({ id: s.id, name: s.name })),
    workers: (workers ?? []).filter((w) => w.status !== 'left').map((w) => ({ id: w.id, name: `${w.name}${w.gridCode ? ` · ${w.gridCode}` : ''}` })),
    departments: (o?.departments ?? []).map((d) => ({ id: d.id, name: d.name })),
  };
}

/** The role and the one reference its scope needs (R40): only the field of the chosen role is shown. */
function ScopeFields({ v, set, refs, errors }: { v: ScopeChoice; set: (v: ScopeChoice) => void; refs: Refs; errors: Record<string, string> | undefined }) {
  const { t } = useT();
  const pick = (key: 'squadId' | 'workerId' | 'departmentId', label: string, list: { id: number; name: string }[]) => (
    <Field label={label} error={errors?.[key]}>
      <select name={key} value={v[key]} onChange={(e) => set({ ...v, [key]: e.target.value })}>
        <option value="">—</option>
        {list.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <>
      <Field label={t('org.role')} error={errors?.role}>
        <select name="role" value={v.role} onChange={(e) => set({ ...v, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`org.role.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {v.role === 'squad_leader' && pick(SCOPE_FIELD.squad_leader, t('org.squad'), refs.squads)}
      {v.role === 'worker' && pick(SCOPE_FIELD.worker, t('org.worker'), refs.workers)}
      {v.role === 'department' && pick(SCOPE_FIELD.department, t('org.department'), refs.departments)}
    </>
  );
}

function AccountForm({ refs, onCreated }: { refs: Refs; onCreated: (id: number) => void }) {
  const { t } = useT();
  const [v, setV] = useState({ username: '', displayName: '', password: '' });
  const [scope, setScope] = useState<ScopeChoice>({ role: 'duty', squadId: '', workerId: '', departmentId: '' });
  const a = useAction();
  return (
    <form
      className="org-form org-panel"
      data-testid="create-account"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () => call(auth.createUser, { body: { ...v, ...scopeBody(scope) } }),
          (u) => onCreated(u.id),
        );
      }}
    >
      <h2>{t('org.createAccount')}</h2>
      <Field label={t('username')} error={a.error?.fields.username}>
        <input name="username" value={v.username} autoComplete="off" onChange={(e) => setV({ ...v, username: e.target.value })} />
      </Field>
      <Field label={t('org.displayName')} error={a.error?.fields.displayName}>
        <input name="displayName" value={v.displayName} onChange={(e) => setV({ ...v, displayName: e.target.value })} />
      </Field>
      <Field label={t('password')} error={a.error?.fields.password}>
        <input name="password" type="password" autoComplete="new-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} />
      </Field>
      <ScopeFields v={scope} set={setScope} refs={refs} errors={a.error?.fields} />
      <button type="submit" disabled={a.busy}>
        {t('org.create')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

function AccountPanel({ account, refs }: { account: Account; refs: Refs }) {
  const { t } = useT();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [scope, setScope] = useState<ScopeChoice>({
    role: account.role,
    squadId: String(account.squadId ?? ''),
    workerId: String(account.workerId ?? ''),
    departmentId: String(account.departmentId ?? ''),
  });
  const [password, setPassword] = useState('');
  const [done, setDone] = useState('');
  const edit = useAction();
  const pw = useAction();
  const other = useAction();
  return (
    <div className="org-panel" data-testid="account-panel">
      <h2>
        {account.displayName} <small>{account.username}</small>
      </h2>
      <form
        className="org-form"
        onSubmit={(e) => {
          e.preventDefault();
          void edit.run(() => call(auth.editUser, { params: { id: account.id }, body: { displayName, ...scopeBody(scope) } }));
        }}
      >
        <Field label={t('org.displayName')} error={edit.error?.fields.displayName}>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <ScopeFields v={scope} set={setScope} refs={refs} errors={edit.error?.fields} />
        <button type="submit" disabled={edit.busy}>
          {t('org.save')}
        </button>
        <FormError error={edit.error} />
      </form>
      <form
        className="org-form org-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void pw.run(
            () => call(auth.resetPassword, { params: { id: account.id }, body: { password } }),
            () => {
              setPassword('');
              setDone(t('org.passwordReset'));
            },
          );
        }}
      >
        <Field label={t('org.newPassword')} error={pw.error?.fields.password}>
          <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button type="submit" disabled={pw.busy || !password}>
          {t('org.resetPassword')}
        </button>
        <FormError error={pw.error} />
      </form>
      <div className="org-form org-inline">
        <button
          type="button"
          data-testid="toggle-disabled"
          className={account.disabled ? '' : 'danger'}
          disabled={other.busy}
          onClick={() => void other.run(() => call(auth.editUser, { params: { id: account.id }, body: { disabled: !account.disabled } }))}
        >
          {account.disabled ? t('org.enable') : t('org.disable')}
        </button>
        <button
          type="button"
          disabled={other.busy}
          onClick={() =>
            void other.run(
              () => call(auth.unlock, { params: { id: account.id } }),
              () => setDone(t('org.unlocked')),
            )
          }
        >
          {t('org.unlock')}
        </button>
        <FormError error={other.error} />
      </div>
      {done && <p className="org-done">{done}</p>}
    </div>
  );
}
