import { useState } from 'react';
import type { ImportPlan, Revision } from '../../../shared/town/contract.ts';
import { problemInChinese } from '../../../shared/town/problemText.ts';
import { useT } from '../../platform/i18n.ts';

type Problem = ImportPlan['problems'][number];

/**
 * What a previewed file would do: its problems (errors first; a click shows one on the map), what moves
 * with it, and the apply button — disabled while an error blocks it, and asking for a confirmation that
 * says from which day the new grids hold.
 */
export function PlanPanel({
  plan,
  problems,
  selected,
  onSelect,
  applied,
  busy,
  today,
  onApply,
}: {
  plan: ImportPlan | null;
  problems: Problem[];
  selected: number | null;
  onSelect: (i: number) => void;
  applied: Revision | null;
  busy: boolean;
  today: string;
  onApply: () => void;
}) {
  const { t, lang } = useT();
  const said = (p: Problem) => (lang === 'zh' ? problemInChinese(p.message) : p.message);
  // The confirmation holds for the plan it was asked for: a new preview (or none) asks again.
  const [askedFor, setAskedFor] = useState<ImportPlan | null>(null);
  const confirming = plan !== null && askedFor === plan;
  const errors = problems.filter((p) => p.severity === 'error').length;
  // A file that is the town as it is has nothing to apply.
  const same = plan !== null && plan.counts.added + plan.counts.changed + plan.counts.removed === 0;

  return (
    <section className="import-plan" data-testid="import-plan">
      <h2>{t('admin.import.stepPlan')}</h2>
      {applied && (
        <p className="admin-ok" role="status" data-testid="import-applied">
          {t('admin.import.applied', { id: applied.id, file: applied.file, day: applied.effectiveOn })}
        </p>
      )}
      {!plan ? (
        !applied && <p className="muted">{t('admin.import.noPlan')}</p>
      ) : (
        <>
          <h3>
            {t('admin.import.problems')} <small>{problems.length ? t('admin.import.problemCounts', { errors, warnings: problems.length - errors }) : ''}</small>
          </h3>
          {problems.length === 0 ? (
            <p className="muted">{t('admin.import.noProblems')}</p>
          ) : (
            <ol className="problems" data-testid="import-problems">
              {problems.map((p, i) => (
                <li key={`${p.feature}-${p.severity}-${p.message}`} className={`${p.severity}${i === selected ? ' selected' : ''}`}>
                  <button type="button" onClick={() => onSelect(i)} disabled={!p.at} title={said(p)}>
                    <b>{t(`admin.import.${p.severity}`)}</b> {p.label}
                    <span>{said(p)}</span>
                  </button>
                </li>
              ))}
            </ol>
          )}
          <h3>{t('admin.import.moves')}</h3>
          <dl className="moves" data-testid="import-moves">
            <dt>{t('admin.import.movesHouseholds')}</dt>
            <dd>{plan.moves.households}</dd>
            <dt>{t('admin.import.movesTargets')}</dt>
            <dd>{plan.moves.targets}</dd>
            <dt>{t('admin.import.movesRoadCells')}</dt>
            <dd>{plan.moves.roadCells}</dd>
            {plan.moves.villages !== undefined && (
              <>
                <dt>{t('admin.import.movesVillages')}</dt>
                <dd>{plan.moves.villages}</dd>
              </>
            )}
          </dl>
          {plan.blocked && (
            <p className="admin-error" data-testid="import-blocked">
              {t('admin.import.blocked', { n: errors })}
            </p>
          )}
          {!plan.blocked && same && <p className="muted">{t('admin.import.same')}</p>}
          {confirming ? (
            <div className="confirm" data-testid="import-confirm">
              <p>{t('admin.import.confirmText', { day: today, ...plan.counts })}</p>
              <button type="button" className="primary" disabled={busy} onClick={onApply} data-testid="import-confirm-apply">
                {busy ? t('admin.import.applying') : t('admin.import.confirm')}
              </button>
              <button type="button" disabled={busy} onClick={() => setAskedFor(null)}>
                {t('admin.import.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" className="primary" disabled={plan.blocked || same} onClick={() => setAskedFor(plan)} data-testid="import-apply">
              {t('admin.import.apply')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
