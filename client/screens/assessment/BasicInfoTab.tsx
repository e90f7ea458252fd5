// R22 基础信息采集: 采集率, 漏注销率 and 准确率 of the inspection team's samples and full checks (households and
// people) per worker, grid, squad and for the month.
import type { z } from 'zod';
import { assessment, type BasicInfoAnswer } from '../../../shared/assessment/contract.ts';
import { useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

type Rates = NonNullable<z.infer<typeof BasicInfoAnswer>['town']>;
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function BasicInfoTab({ month }: { month: string }) {
  const { t } = useT();
  const answer = useEndpoint(assessment.basicInfo, { query: { month } });
  if (!answer) return null;
  const heads = (
    <>
      <th>{t('assessment.info.checked')}</th>
      <th>{t('assessment.info.collectionRate')}</th>
      <th>{t('assessment.info.missedDeregistration')}</th>
      <th>{t('assessment.info.accuracy')}</th>
    </>
  );
  const cells = (r: Rates) => (
    <>
      <td>{r.checked}</td>
      <td>{pct(r.collectionRate)}</td>
      <td>{pct(r.missedDeregistrationRate)}</td>
      <td>{pct(r.accuracy)}</td>
    </>
  );
  return (
    <section className="glance" data-testid="basic-info">
      {answer.town && (
        <p data-testid="info-town">
          {t('assessment.info.town', {
            checked: answer.town.checked,
            collection: pct(answer.town.collectionRate),
            missed: pct(answer.town.missedDeregistrationRate),
            accuracy: pct(answer.town.accuracy),
          })}
        </p>
      )}
      <table className="squads" data-testid="info-squads">
        <caption>{t('assessment.info.bySquad')}</caption>
        <thead>
          <tr>
            <th>{t('assessment.colSquad')}</th>
            {heads}
          </tr>
        </thead>
        <tbody>
          {answer.squads.map((s) => (
            <tr key={s.squadId}>
              <td>{s.squadId}</td>
              {cells(s)}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="squads" data-testid="info-workers">
        <caption>{t('assessment.info.byWorker')}</caption>
        <thead>
          <tr>
            <th>{t('assessment.colWorker')}</th>
            <th>{t('assessment.colSquad')}</th>
            <th>{t('assessment.info.households')}</th>
            <th>{t('assessment.info.people')}</th>
            {heads}
          </tr>
        </thead>
        <tbody>
          {answer.workers.map((w) => (
            <tr key={w.workerId} data-worker={w.workerId}>
              <td>{w.worker}</td>
              <td>{w.squadId}</td>
              <td>{w.households}</td>
              <td>{w.people}</td>
              {cells(w)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
