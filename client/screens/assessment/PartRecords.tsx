// The drill-down of one line of a worker's month (issue 19 "explain every number"): the records its points
// came from, each with when and what was read off it.
import { assessment } from '../../../shared/assessment/contract.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

type Part = 'patrol' | 'events' | 'basicInfo' | 'study' | 'publicity' | 'rectification' | 'conduct' | 'online' | 'bonus';
const FIELDS = new Set([
  'qualified',
  'patrolMinutes',
  'category',
  'state',
  'result',
  'score',
  'title',
  'subject',
  'rectificationKind',
  'onTime',
  'kit',
  'conduct',
  'faked',
  'inTime',
  'upheld',
  'summary',
]);

export function PartRecords({ workerId, month, part }: { workerId: number; month: string; part: Part }) {
  const { t } = useT();
  const answer = useEndpoint(assessment.workerRecords, { params: { id: workerId }, query: { month, part } });
  if (!answer) return <p className="muted">…</p>;
  const value = (v: string | number | boolean | null) => (v === true ? '✓' : v === false ? '✗' : v === null ? '' : String(v));
  return (
    <table data-testid="records" data-part={part}>
      <tbody>
        {answer.records.length === 0 && (
          <tr>
            <td className="muted">{t('assessment.none')}</td>
          </tr>
        )}
        {answer.records.map((r) => (
          <tr key={`${r.kind}/${r.id}`} data-record={`${r.kind}/${r.id}`}>
            <th>
              {t(`assessment.ref.${r.kind}` as MessageKey)} {r.id}
            </th>
            <td>{r.when.length > 10 ? new Date(r.when).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : r.when}</td>
            <td className="muted">
              {Object.entries(r.detail)
                .filter(([k]) => FIELDS.has(k))
                .map(([k, v]) => `${t(`assessment.field.${k}` as MessageKey)} ${value(v)}`)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
