// What a refused request says, for the form that sent it: a sentence in the interface's language for the
// codes the organisation routes answer, the server's own words beside it, and each field's problem next to
// that field (the route table names them `body.<field>`).
import type { MessageKey } from '../../../platform/i18n.ts';
import { ApiError } from '../../../platform/api.ts';

/** The codes a form explains in its own words; any other is shown as the server says it. */
const EXPLAINED: Record<string, MessageKey> = {
  invalid_request: 'org.err.invalid_request',
  invalid_date: 'org.err.invalid_date',
  unknown_reference: 'org.err.unknown_reference',
  conflict: 'org.err.conflict',
  not_found: 'org.err.not_found',
  forbidden: 'org.err.forbidden',
  holds_another_grid: 'org.err.holds_another_grid',
  holds_grid: 'org.err.holds_grid',
  other_squad: 'org.err.other_squad',
  already_holds: 'org.err.already_holds',
  no_worker: 'org.err.no_worker',
  worker_not_active: 'org.err.worker_not_active',
  worker_left: 'org.err.worker_left',
  no_change: 'org.err.no_change',
  last_admin: 'org.err.last_admin',
};

export interface ErrorView {
  /** The sentence shown above the form's buttons. */
  key: MessageKey;
  /** What the server said, as it said it: its message and every issue, named by its field (a form may not show that field). */
  message: string;
  /** The problem of each named field, by the field's name in the body. */
  fields: Record<string, string>;
  /** The conflict's subject the server named, if any (the grid a worker holds: R4). */
  subject: Record<string, unknown> | null;
}

/** A field's issue as the route table writes it: `{ path: 'body.name', message }`. */
const isIssue = (d: unknown): d is { path: string; message: string } =>
  typeof d === 'object' && d !== null && typeof (d as { path?: unknown }).path === 'string' && typeof (d as { message?: unknown }).message === 'string';

/** What a form shows of a failed call; a failure that is not the server's answer (offline) is said as such. */
export function errorView(err: unknown): ErrorView {
  if (!(err instanceof ApiError)) return { key: 'org.err.network', message: err instanceof Error ? err.message : String(err), fields: {}, subject: null };
  const fields: Record<string, string> = {};
  const said: string[] = [];
  let subject: Record<string, unknown> | null = null;
  if (Array.isArray(err.details)) {
    for (const d of err.details.filter(isIssue)) {
      const [where, ...rest] = d.path.split('.');
      // A refinement over the whole body has no field: it is said without one.
      const field = where === 'body' || where === 'query' || where === 'params' ? rest.join('.') : d.path;
      if (field) fields[field] = fields[field] ? `${fields[field]}; ${d.message}` : d.message;
      said.push(field ? `${field}: ${d.message}` : d.message);
    }
  } else if (typeof err.details === 'object' && err.details !== null) subject = err.details as Record<string, unknown>;
  const key = EXPLAINED[err.code] ?? (err.status === 401 ? 'org.err.unauthorized' : 'org.err.other');
  return { key, message: said.length ? `${err.message} (${said.join('; ')})` : err.message, fields, subject };
}
