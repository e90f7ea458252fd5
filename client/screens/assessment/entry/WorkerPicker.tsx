// The worker a record is about: the month's workers as the caller may see them (a squad leader their squad's, R40).
import { assessment } from '../../../../shared/assessment/contract.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';

export function WorkerPicker({
  month,
  value,
  onChange,
  name = 'workerId',
}: {
  month: string;
  value: number | null;
  onChange: (id: number | null) => void;
  name?: string;
}) {
  const { t } = useT();
  const rows = useEndpoint(assessment.month, { query: { month } })?.workers ?? [];
  const sorted = [...rows].sort((a, b) => a.squadId - b.squadId || a.workerId - b.workerId);
  return (
    <select name={name} value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)} data-testid={`pick-${name}`}>
      <option value="">{t('entry.pickWorker')}</option>
      {sorted.map((w) => (
        <option key={w.workerId} value={w.workerId}>
          {t('entry.workerOption', { worker: w.worker, squad: w.squadId, id: w.workerId })}
        </option>
      ))}
    </select>
  );
}
