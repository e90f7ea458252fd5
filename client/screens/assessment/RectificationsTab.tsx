// R20 整改: rectifications urged (督促整改) and verified (整改核查) per worker per day, and the squads'
// tallies of the month.
import { assessment } from '../../../shared/assessment/contract.ts';
import { useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

export function RectificationsTab({ month }: { month: string }) {
  const { t } = useT();
  const answer = useEndpoint(assessment.rectifications, { query: { month } });
  if (!answer) return null;
  const heads = (
    <>
      <th>{t('assessment.rect.urged')}</th>
      <th>{t('assessment.rect.verifiedParty')}</th>
      <th>{t('assessment.rect.verifiedDepartment')}</th>
      <th>{t('assessment.rect.total')}</th>
    </>
  );
  return (
    <section className="glance" data-testid="rectifications">
      <table className="squads" data-testid="rect-squads">
        <caption>{t('assessment.rect.bySquad')}</caption>
        <thead>
          <tr>
            <th>{t('assessment.colSquad')}</th>
            {heads}
          </tr>
        </thead>
        <tbody>
          {answer.squads.map((s) => (
            <tr key={s.squadId} data-squad={s.squadId}>
              <td>{s.squadId}</td>
              <td>{s.urged}</td>
              <td>{s.verified_party}</td>
              <td>{s.verified_department}</td>
              <td>{s.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="squads" data-testid="rect-days">
        <caption>{t('assessment.rect.byDay')}</caption>
        <thead>
          <tr>
            <th>{t('assessment.day')}</th>
            <th>{t('assessment.colWorker')}</th>
            <th>{t('assessment.colSquad')}</th>
            {heads}
          </tr>
        </thead>
        <tbody>
          {answer.days.map((d) => (
            <tr key={`${d.day}/${d.workerId}`} data-worker={d.workerId}>
              <td>{d.day}</td>
              <td>{d.worker}</td>
              <td>{d.squadId}</td>
              <td>{d.urged}</td>
              <td>{d.verified_party}</td>
              <td>{d.verified_department}</td>
              <td>{d.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
