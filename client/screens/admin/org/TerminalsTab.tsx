// 终端: handheld terminals registered for a worker (the token shown once, as the server keeps only its
// hash), their token rotated, revoked; and the ids that knocked at a door unregistered, each registered in
// one click.
import { useState } from 'react';
import { tracking } from '../../../../shared/tracking/contract.ts';
import { org } from '../../../../shared/org/contract.ts';
import { formatDateTime } from '../../../platform/format.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { Field, FormError, useAction } from './Form.tsx';

type Workers = { id: number; name: string; gridCode: string | null }[];

export function TerminalsTab() {
  const { t } = useT();
  const list = useEndpoint(tracking.devices, {});
  const unknown = useEndpoint(tracking.unknownDevices, {}, { everyMs: 30_000 });
  const all = useEndpoint(org.workers, {});
  const workers = (all ?? []).filter((w) => w.status !== 'left');
  const workerName = new Map((all ?? []).map((w) => [w.id, w.name]));
  /** The token just issued: shown until dismissed, never again. */
  const [issued, setIssued] = useState<{ uniqueId: string; token: string } | null>(null);
  const act = useAction();
  const uniqueIdOf = new Map((list?.devices ?? []).map((d) => [d.id, d.uniqueId]));
  return (
    <div className="org-tab">
      <section className="org-main">
        {issued && (
          <div className="org-token" data-testid="token" role="status">
            <p>{t('org.tokenOnce', { id: issued.uniqueId })}</p>
            <code>{issued.token}</code>
            <button type="button" onClick={() => void navigator.clipboard?.writeText(issued.token)}>
              {t('org.copy')}
            </button>
            <button type="button" onClick={() => setIssued(null)}>
              {t('org.tokenNoted')}
            </button>
          </div>
        )}
        <FormError error={act.error} />
        <table className="org-table" data-testid="devices">
          <thead>
            <tr>
              <th>{t('org.uniqueId')}</th>
              <th>{t('org.worker')}</th>
              <th>{t('org.state')}</th>
              <th>{t('org.registeredAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list?.devices ?? []).map((d) => (
              <tr key={d.id} data-device={d.uniqueId} className={d.status === 'revoked' ? 'muted' : ''}>
                <td className="code">{d.uniqueId}</td>
                <td>{d.workerId === null ? '—' : (workerName.get(d.workerId) ?? d.workerId)}</td>
                <td>{t(d.status === 'revoked' ? 'org.revoked' : 'org.active')}</td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td className="org-actions">
                  {d.status !== 'revoked' && (
                    <>
                      <button
                        type="button"
                        className="org-small"
                        disabled={act.busy}
                        onClick={() =>
                          void act.run(
                            () => call(tracking.rotateToken, { params: { id: d.id } }),
                            (r) => setIssued({ uniqueId: uniqueIdOf.get(r.id) ?? String(r.id), token: r.token }),
                          )
                        }
                      >
                        {t('org.rotate')}
                      </button>
                      <button
                        type="button"
                        className="org-small danger"
                        disabled={act.busy}
                        onClick={() =>
                          confirm(t('org.revokeConfirm', { id: d.uniqueId })) && void act.run(() => call(tracking.revoke, { params: { id: d.id } }))
                        }
                      >
                        {t('org.revoke')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="org-side">
        <RegisterForm workers={workers} onIssued={setIssued} />
        <div className="org-panel" data-testid="unknown">
          <h2>{t('org.unknownIds')}</h2>
          {!unknown?.unknown.length && <p className="muted">{t('org.none')}</p>}
          <ul className="org-history">
            {unknown?.unknown.map((u) => (
              <UnknownRow
                key={u.uniqueId}
                id={u.uniqueId}
                seen={t('org.knocked', { n: u.attempts, at: formatDateTime(u.lastSeen) })}
                workers={workers}
                onIssued={setIssued}
              />
            ))}
          </ul>
        </div>
      </aside>
    </div>
  );
}

function WorkerSelect({ id, value, set, workers }: { id?: string; value: string; set: (v: string) => void; workers: Workers }) {
  const { t } = useT();
  return (
    <select id={id} name="workerId" value={value} onChange={(e) => set(e.target.value)} aria-label={t('org.worker')}>
      <option value="">{t('org.noHolder')}</option>
      {workers.map((w) => (
        <option key={w.id} value={w.id}>
          {w.name}
          {w.gridCode ? ` · ${w.gridCode}` : ''}
        </option>
      ))}
    </select>
  );
}

type Issued = (t: { uniqueId: string; token: string }) => void;

function RegisterForm({ workers, onIssued }: { workers: Workers; onIssued: Issued }) {
  const { t } = useT();
  const [uniqueId, setUniqueId] = useState('');
  const [workerId, setWorkerId] = useState('');
  const a = useAction();
  return (
    <form
      className="org-form org-panel"
      data-testid="register"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(
          () => call(tracking.registerDevice, { body: { ...(uniqueId ? { uniqueId } : {}), workerId: workerId ? Number(workerId) : null } }),
          (d) => {
            setUniqueId('');
            onIssued(d);
          },
        );
      }}
    >
      <h2>{t('org.register')}</h2>
      <Field label={t('org.uniqueIdOptional')} error={a.error?.fields.uniqueId}>
        <input name="uniqueId" value={uniqueId} onChange={(e) => setUniqueId(e.target.value)} />
      </Field>
      <Field label={t('org.worker')} error={a.error?.fields.workerId}>
        <WorkerSelect value={workerId} set={setWorkerId} workers={workers} />
      </Field>
      <button type="submit" disabled={a.busy}>
        {t('org.registerDo')}
      </button>
      <FormError error={a.error} />
    </form>
  );
}

/** An id that knocked: registered as it is, for the worker picked beside it. */
function UnknownRow({ id, seen, workers, onIssued }: { id: string; seen: string; workers: Workers; onIssued: Issued }) {
  const { t } = useT();
  const [workerId, setWorkerId] = useState('');
  const a = useAction();
  return (
    <li data-unknown={id}>
      <span className="code">{id}</span> <small>{seen}</small>
      <div className="org-inline">
        <WorkerSelect value={workerId} set={setWorkerId} workers={workers} />
        <button
          type="button"
          className="org-small"
          disabled={a.busy}
          onClick={() => void a.run(() => call(tracking.registerDevice, { body: { uniqueId: id, workerId: workerId ? Number(workerId) : null } }), onIssued)}
        >
          {t('org.registerDo')}
        </button>
      </div>
      <FormError error={a.error} />
    </li>
  );
}
