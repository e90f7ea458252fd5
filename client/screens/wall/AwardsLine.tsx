// The month's 月度优秀 on the wall's header (R26), names masked for a room with visitors (R40): the latest
// final list from /api/assessment/wall-awards; nothing at all while there is none.
import { awards } from '../../../shared/assessment/rewardsContract.ts';
import { useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

export function AwardsLine() {
  const { t } = useT();
  const list = useEndpoint(awards.wall, {}, { everyMs: 600_000 });
  if (!list || list.awarded.length === 0) return null;
  return (
    <div
      className="wall-awards"
      data-testid="wall-awards"
      style={{
        flex: '1 1 0',
        minWidth: 0,
        overflow: 'hidden',
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
        padding: '0 1.5rem',
        textAlign: 'center',
        fontSize: '1.1rem',
        color: 'var(--muted)',
      }}
    >
      {t('awards.wallTitle')} {list.month}：{list.awarded.map((a) => a.worker).join(' · ')}
    </div>
  );
}
