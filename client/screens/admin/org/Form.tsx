// What every form of the organisation tabs shares: a call that keeps what was typed when it is refused and
// says why beside the form, and labelled fields that show their own problem.
import { type ReactElement, type ReactNode, cloneElement, useId, useState } from 'react';
import { useT } from '../../../platform/i18n.ts';
import { queryClient } from '../../../platform/useEndpoint.ts';
import { type ErrorView, errorView } from './errors.ts';

/** Runs a change: busy meanwhile, the refusal kept to show, and every answer in the page's cache read again on success. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  async function run<T>(change: () => Promise<T>, done?: (answer: T) => void): Promise<void> {
    setBusy(true);
    try {
      const answer = await change();
      setError(null);
      // An administrator's change can move any figure (a grid's worker, a squad's headcount): all is read again.
      await queryClient.invalidateQueries();
      done?.(answer);
    } catch (err) {
      setError(errorView(err));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

/** The refusal of a form: the sentence for its code, and what the server said. */
export function FormError({ error, children }: { error: ErrorView | null; children?: ReactNode }) {
  const { t } = useT();
  if (!error) return null;
  const values = Object.fromEntries(Object.entries(error.subject ?? {}).map(([k, v]) => [k, String(v)]));
  return (
    <div className="org-error" role="alert" data-testid="form-error">
      <b>{t(error.key, values)}</b>
      <small>{error.message}</small>
      {children}
    </div>
  );
}

/** A labelled input (its one child) with its own problem under it, as the server named it. */
export function Field({ label, error, children }: { label: string; error?: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className={error ? 'org-field invalid' : 'org-field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
      {error && <em className="field-error">{error}</em>}
    </div>
  );
}

/** The squads as a select's options (the select itself stays the form's, with its own value and label). */
export function SquadOptions({ squads }: { squads: readonly { id: number; name: string }[] }) {
  return (
    <>
      {squads.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
