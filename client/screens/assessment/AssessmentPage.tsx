// The assessment screen (R21-R29): a month's ranking and its 10 月度优秀 with why, a worker's points down
// to the records they came from, the table exported to .xlsx as shown. Squad leaders see their squad (R40).
import { useState } from 'react';
import { assessment } from '../../../shared/assessment/contract.ts';
import { MONTH_COLUMNS } from '../../../shared/assessment/table.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { urlOf } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { useMe } from '../../platform/useMe.ts';
import { AwardsTabs } from './AwardsTabs.tsx';
import { BasicInfoTab } from './BasicInfoTab.tsx';
import { DayEventsTab } from './DayEventsTab.tsx';
import { EntryTab, entersRecords } from './entry/EntryTab.tsx';
import { PartRecords } from './PartRecords.tsx';
import { RectificationsTab } from './RectificationsTab.tsx';

/** The screen's tabs, in their order: the month's ranking first. */
const TABS = [
  { key: 'month', label: 'assessment.tab.month' },
  { key: 'day', label: 'assessment.tab.day' },
  { key: 'rectification', label: 'assessment.tab.rectification' },
  { key: 'basicInfo', label: 'assessment.tab.basicInfo' },
  { key: 'entry', label: 'assessment.tab.entry' },
] as const satisfies readonly { key: string; label: MessageKey }[];
type Tab = (typeof TABS)[number]['key'];

/** The headers of MONTH_COLUMNS, in their order, as messages. */
const HEADERS: MessageKey[] = [
  'assessment.colRank',
  'assessment.colWorker',
  'assessment.colSquad',
  'assessment.colClass',
  'assessment.colOnSite',
  'assessment.colOnline',
  'assessment.colBonus',
  'assessment.colTotal',
  'assessment.colAwarded',
  'assessment.colIneligible',
];

const PARTS: Record<string, MessageKey> = {
  patrol: 'assessment.part.patrol',
  events: 'assessment.part.events',
  basicInfo: 'assessment.part.basicInfo',
  study: 'assessment.part.study',
  publicity: 'assessment.part.publicity',
  rectification: 'assessment.part.rectification',
  conduct: 'assessment.part.conduct',
  online: 'assessment.part.online',
  bonus: 'assessment.part.bonus',
};

export function AssessmentPage() {
  const me = useMe();
  const { t, toggle } = useT();
  const [month, setMonth] = useState(shanghaiDay(Date.now()).slice(0, 7));
  const [workerId, setWorkerId] = useState<number | null>(null);
  // A tab can be opened by its link (`/assessment?tab=entry&part=study`).
  const [tab, setTab] = useState<Tab>(() => TABS.find((x) => x.key === new URLSearchParams(location.search).get('tab'))?.key ?? 'month');
  const [part, setPart] = useState<Parameters<typeof PartRecords>[0]['part'] | null>(null);
  const answer = useEndpoint(assessment.month, { query: { month } });
  const detail = useEndpoint(assessment.workerMonth, workerId === null ? null : { params: { id: workerId }, query: { month } });

  if (me && !['leader', 'squad_leader', 'admin', 'inspector'].includes(me.role)) return <div className="loading">{t('leader.onlyLeaders')}</div>;
  const rows = answer?.workers ?? [];
  return (
    <div className="leader assessment">
      <header className="leader-header">
        <h1>{t('assessment')}</h1>
        <nav className="tabs" data-testid="tabs">
          {TABS.filter((x) => x.key !== 'entry' || (me && entersRecords(me.role))).map((x) => (
            <button key={x.key} type="button" className={tab === x.key ? 'selected' : ''} onClick={() => setTab(x.key)} data-tab={x.key}>
              {t(x.label)}
            </button>
          ))}
        </nav>
        <input
          type="month"
          value={month}
          max={shanghaiDay(Date.now()).slice(0, 7)}
          onChange={(e) => {
            if (!e.target.value) return;
            setMonth(e.target.value);
            setWorkerId(null);
            setPart(null);
          }}
          aria-label={t('assessment.month')}
          data-testid="month"
        />
        <a className="button" href={`/api${urlOf(assessment.export, { query: { month } })}`} download data-testid="export">
          {t('leader.exportExcel')}
        </a>
        <button type="button" className="lang" onClick={toggle}>
          {t('langSwitch')}
        </button>
        {answer && (
          <span className="muted" data-testid="period">
            {t('assessment.period', { from: formatDateTime(answer.period.start), to: formatDateTime(answer.period.end) })}
          </span>
        )}
        <span className="who">{me?.displayName}</span>
      </header>
      {tab === 'day' && <DayEventsTab />}
      {tab === 'rectification' && <RectificationsTab month={month} />}
      {tab === 'basicInfo' && <BasicInfoTab month={month} />}
      {me && tab === 'entry' && <EntryTab role={me.role} month={month} />}
      <section className="glance" hidden={tab !== 'month'}>
        <table className="squads" data-testid="ranking">
          <thead>
            <tr>
              {HEADERS.map((h) => (
                <th key={h}>{t(h)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.workerId}
                data-worker={r.workerId}
                className={[r.awarded ? 'ok' : '', r.workerId === workerId ? 'selected' : ''].join(' ')}
                onClick={() => {
                  setWorkerId(r.workerId);
                  setPart(null);
                }}
              >
                {MONTH_COLUMNS.map((c) => (
                  <td key={c.header}>{c.value(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {detail && (
          <div className="worker" data-testid="worker">
            <h3>
              {detail.worker.worker} · {t('assessment.total', { total: detail.worker.total })}
            </h3>
            <p>{t('assessment.days', { qualified: detail.qualifiedDays, duty: detail.dutyDays })}</p>
            <table data-testid="worker-lines">
              <tbody>
                {detail.lines.map((l) => (
                  <tr
                    key={l.part}
                    data-part={l.part}
                    className={l.part === part ? 'selected' : ''}
                    title={t('assessment.drill')}
                    onClick={() => setPart(l.part as NonNullable<typeof part>)}
                  >
                    <th>{PARTS[l.part] ? t(PARTS[l.part]!) : l.part}</th>
                    <td>{l.points}</td>
                    <td className="muted">
                      {Object.entries(l.basis)
                        .map(([k, v]) => `${k} ${v}`)
                        .join(' · ')}
                    </td>
                    <td>
                      <ul className="refs">
                        {l.refs.slice(0, 40).map((x) => (
                          <li key={`${x.kind}/${x.id}`} data-ref={`${x.kind}/${x.id}`}>
                            {t(`assessment.ref.${x.kind}` as MessageKey)} {x.id}
                          </li>
                        ))}
                        {l.refs.length > 40 && <li>{t('assessment.more', { n: l.refs.length - 40 })}</li>}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {part && workerId !== null && <PartRecords workerId={workerId} month={month} part={part} />}
          </div>
        )}
      </section>
      {me && tab === 'month' && <AwardsTabs role={me.role} month={month} />}
    </div>
  );
}
