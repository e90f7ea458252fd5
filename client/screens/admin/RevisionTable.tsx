import type { Revision } from '../../../shared/town/contract.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useT } from '../../platform/i18n.ts';

/** The town's revisions (历次导入), newest first: who, when, which file, from which day, what changed. */
export function RevisionTable({ revisions }: { revisions: Revision[] | null }) {
  const { t } = useT();
  return (
    <section className="import-revisions">
      <h2>{t('admin.import.revisions')}</h2>
      <table data-testid="import-revisions">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('admin.import.colAt')}</th>
            <th>{t('admin.import.colBy')}</th>
            <th>{t('admin.import.colFile')}</th>
            <th>{t('admin.import.colLayer')}</th>
            <th>{t('admin.import.colEffective')}</th>
            <th>{t('admin.import.added')}</th>
            <th>{t('admin.import.changed')}</th>
            <th>{t('admin.import.removed')}</th>
            <th>{t('admin.import.unchanged')}</th>
            <th>{t('admin.import.colHouseholds')}</th>
            <th>{t('admin.import.colTargets')}</th>
            <th>{t('admin.import.colRoadCells')}</th>
          </tr>
        </thead>
        <tbody>
          {revisions?.length === 0 && (
            <tr>
              <td colSpan={13} className="muted">
                {t('admin.import.noRevisions')}
              </td>
            </tr>
          )}
          {revisions?.map((r) => (
            <tr key={r.id} data-revision={r.id}>
              <td>{r.id}</td>
              <td>{formatDateTime(r.at)}</td>
              <td>{r.by ?? '—'}</td>
              <td>{r.file}</td>
              <td>{r.layer}</td>
              <td>{r.effectiveOn}</td>
              <td>{r.counts.added}</td>
              <td>{r.counts.changed}</td>
              <td>{r.counts.removed}</td>
              <td>{r.counts.unchanged}</td>
              <td>{r.counts.householdsMoved}</td>
              <td>{r.counts.targetsMoved}</td>
              <td>{r.counts.roadCells}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
