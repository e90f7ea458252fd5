// R29: the captain confirms an award list — the month's 月度优秀 or the year's 十佳 — once its notice has run;
// refused (409) while the notice runs or once the list is final. Locked, then stamped and audited.
import { canConfirm, noticeEnds } from '../../shared/assessment/notice.ts';
import { audit } from '../auth/audit.ts';
import type { Queryable } from '../platform/db/index.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import type { Principal } from '../platform/http/route.ts';

/** Confirms the list of `kind` for `period` inside `tx`; `noticeDays` read by the caller when not given a reader of the transaction. */
export async function confirmList(
  tx: Queryable,
  kind: 'monthly' | 'annual',
  period: string,
  noticeDays: number | ((tx: Queryable) => Promise<number>),
  user: Principal,
  ip: string | undefined,
) {
  const [l] = await tx.query<{ id: number; publishedAt: Date; confirmedAt: Date | null }>(
    `SELECT id, published_at AS "publishedAt", confirmed_at AS "confirmedAt" FROM award_lists WHERE kind = $1 AND period = $2 FOR UPDATE`,
    [kind, period],
  );
  if (!l) throw notFound(`the list of ${period}`);
  const days = typeof noticeDays === 'number' ? noticeDays : await noticeDays(tx);
  const state = { publishedAt: l.publishedAt.toISOString(), confirmedAt: l.confirmedAt?.toISOString() ?? null };
  if (!canConfirm(state, new Date(), days))
    throw new HttpError(
      409,
      state.confirmedAt ? 'already_confirmed' : 'notice_running',
      state.confirmedAt ? `the list of ${period} is already final` : `the notice runs until ${noticeEnds(state.publishedAt, days).toISOString()}`,
    );
  await tx.query('UPDATE award_lists SET confirmed_at = now(), confirmed_by = $2 WHERE id = $1', [l.id, user.userId]);
  await audit(tx, { userId: user.userId, action: 'confirm', entity: 'award_lists', entityId: l.id, ip });
}
