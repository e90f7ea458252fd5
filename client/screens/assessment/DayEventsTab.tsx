// R21 每日采集评优: the day's event collection of each grid class (一/二/三级), ranked by the judged count
// (events reported by the worker, valid ones, weighted by the day's category weights × the class ratio),
// the first N of each class named 评优. Each row lists the incidents it counted.
import { useState } from 'react';
import { assessment } from '../../../shared/assessment/contract.ts';
import { addDays, shanghaiDay } from '../../../shared/core/time.ts';
import { useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

export function DayEventsTab() {
  const { t } = useT();
  const today = shanghaiDay(Date.now());
  const [day, setDay] = useState(addDays(today, -1));
  const answer = useEndpoint(assessment.dayEvents, { query: { date: day } });
  return (
    <section className="glance" data-testid="day-events">
      <p>
        <input
          type="date"
          value={day}
          max={today}
          onChange={(e) => e.target.value && setDay(e.target.value)}
          aria-label={t('assessment.day')}
          data-testid="day"
        />{' '}
        {answer && (
          <span className="muted">
            {t('assessment.dayRule', { n: answer.excellentPerClass, r1: answer.ratios[1], r2: answer.ratios[2], r3: answer.ratios[3] })}
          </span>
        )}
      </p>
      {answer?.classes.map((c) => (
        <table key={c.gridClass} className="squads" data-testid={`class-${c.gridClass}`}>
          <caption>{t('assessment.gridClass', { c: c.gridClass })}</caption>
          <thead>
            <tr>
              <th>{t('assessment.colRank')}</th>
              <th>{t('assessment.colWorker')}</th>
              <th>{t('assessment.colSquad')}</th>
              <th>{t('assessment.colEvents')}</th>
              <th>{t('assessment.colWeighted')}</th>
              <th>{t('assessment.colJudged')}</th>
              <th>{t('assessment.colExcellent')}</th>
              <th>{t('assessment.ref.incident')}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  {t('assessment.none')}
                </td>
              </tr>
            )}
            {c.rows.map((r) => (
              <tr key={r.workerId} data-worker={r.workerId} className={r.excellent ? 'ok' : ''}>
                <td>{r.rank}</td>
                <td>{r.worker}</td>
                <td>{r.squadId}</td>
                <td>{r.count}</td>
                <td>{r.weighted}</td>
                <td>{r.judged}</td>
                <td>{r.excellent ? t('assessment.excellent') : ''}</td>
                <td className="muted">{r.events.map((e) => `${e.id}（${e.categoryCode} ×${e.weight}×${e.ratio}）`).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
