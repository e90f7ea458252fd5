// The awards' tabs of the assessment screen: rewards (R25), the year's 年度十佳 (R27), the public notice's
// feedback with its answers (R29) and the criticism notice of faked publicity evidence (R23); each printable.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { assessment } from '../../../shared/assessment/contract.ts';
import { awards } from '../../../shared/assessment/rewardsContract.ts';
import type { Role } from '../../../shared/core/roles.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { ApiError, call } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { RewardsTab } from './RewardsTab.tsx';

const TABS = ['rewards', 'annual', 'feedback', 'criticism'] as const;
type Tab = (typeof TABS)[number];
const SEES_MARKS: Role[] = ['admin', 'leader', 'inspector'];

export function AwardsTabs({ role, month }: { role: Role; month: string }) {
  const { t } = useT();
  const [tab, setTab] = useState<Tab | null>(null);
  const tabs = TABS.filter((x) => x !== 'criticism' || SEES_MARKS.includes(role));
  return (
    <section className="awards-tabs" data-testid="awards-tabs">
      <nav className="toggles">
        {tabs.map((x) => (
          <button type="button" key={x} className={tab === x ? 'on' : ''} aria-pressed={tab === x} data-tab={x} onClick={() => setTab(tab === x ? null : x)}>
            {t(`awards.tab.${x}` as MessageKey)}
          </button>
        ))}
        <a className="button" href={`/assessment/print?kind=notice&month=${month}`} target="_blank" rel="noreferrer" data-testid="print-notice">
          {t('awards.printNotice')}
        </a>
      </nav>
      {tab === 'rewards' && <RewardsTab role={role} month={month} />}
      {tab === 'annual' && <AnnualTab role={role} />}
      {tab === 'feedback' && <FeedbackTab role={role} month={month} />}
      {tab === 'criticism' && <CriticismTab month={month} />}
    </section>
  );
}

function useAct() {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await qc.invalidateQueries();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  return { act, error };
}

function AnnualTab({ role }: { role: Role }) {
  const { t } = useT();
  const [year, setYear] = useState(Number(shanghaiDay(Date.now()).slice(0, 4)) - 1);
  const list = useEndpoint(awards.annual, { query: { year } });
  const { act, error } = useAct();
  return (
    <div data-testid="annual">
      <div className="awards-bar">
        <label>
          {t('awards.year')} <input type="number" min="2000" max="2100" value={year} onChange={(e) => e.target.value && setYear(Number(e.target.value))} />
        </label>
        {list && (
          <span className="muted">
            {t(`awards.stage.${list.stage}` as MessageKey)} · {t('awards.cut', { day: list.cutDay })}
            {list.noticeEnds && ` · ${t('awards.noticeEnds', { at: formatDateTime(list.noticeEnds) })}`}
          </span>
        )}
        {list?.stage === 'draft' && (role === 'leader' || role === 'admin') && (
          <button type="button" onClick={() => act(() => call(awards.publishAnnual, { body: { year } }))}>
            {t('awards.publish')}
          </button>
        )}
        {list?.stage === 'awaiting_confirmation' && role === 'leader' && (
          <button type="button" onClick={() => act(() => call(awards.confirmAnnual, { body: { year } }))}>
            {t('awards.confirm')}
          </button>
        )}
        <a className="button" href={`/assessment/print?kind=annual&year=${year}`} target="_blank" rel="noreferrer">
          {t('awards.print')}
        </a>
        {error && <span className="error">{error}</span>}
      </div>
      <table className="squads">
        <thead>
          <tr>
            <th>{t('assessment.colRank')}</th>
            <th>{t('assessment.colWorker')}</th>
            <th>{t('awards.hiredOn')}</th>
            <th>{t('awards.monthlyAwards')}</th>
            <th>{t('awards.score')}</th>
            <th>{t('assessment.colIneligible')}</th>
            {list?.stage === 'on_notice' && <th>{t('awards.tab.feedback')}</th>}
          </tr>
        </thead>
        <tbody>
          {(list?.workers ?? []).map((w) => (
            <tr key={w.workerId} data-worker={w.workerId} className={w.awarded ? 'ok' : ''}>
              <td>{w.rank ?? '—'}</td>
              <td>{w.worker}</td>
              <td>{w.hiredOn}</td>
              <td>{w.monthlyAwards}</td>
              <td>{w.score}</td>
              <td>{w.ineligible.map((r) => t(`awards.ineligible.${r}` as MessageKey)).join(t('listSeparator'))}</td>
              {list?.stage === 'on_notice' && (
                <td>
                  {w.awarded && (
                    <FeedbackInput
                      label={t('awards.feedbackOn', { worker: w.worker })}
                      send={(body) => act(() => call(awards.annualFeedback, { body: { year, workerId: w.workerId, body } }))}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FeedbackInput({ label, send }: { label: string; send: (body: string) => Promise<void> }) {
  const { t } = useT();
  const [text, setText] = useState('');
  return (
    <span className="awards-feedback-input">
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder={label} aria-label={label} />
      <button
        type="button"
        disabled={!text.trim()}
        onClick={async () => {
          await send(text);
          setText('');
        }}
      >
        {t('awards.send')}
      </button>
    </span>
  );
}

function FeedbackTab({ role, month }: { role: Role; month: string }) {
  const { t } = useT();
  const { act, error } = useAct();
  const list = useEndpoint(assessment.awards, { query: { month } });
  const mine = useEndpoint(awards.myFeedback, {});
  const all = useEndpoint(awards.feedback, SEES_MARKS.includes(role) ? {} : null);
  const answers = role === 'leader' || role === 'admin';
  return (
    <div data-testid="feedback">
      {error && <p className="error">{error}</p>}
      {list && (
        <>
          <h3>
            {t('awards.noticeTitle', { month })} · {t(`awards.stage.${list.stage}` as MessageKey)}
            {list.noticeEnds && ` · ${t('awards.noticeEnds', { at: formatDateTime(list.noticeEnds) })}`}
          </h3>
          <ol>
            {list.awarded.map((a) => (
              <li key={a.workerId}>
                {a.rank}. {a.worker} ({a.total}){' '}
                {list.stage === 'on_notice' && (
                  <FeedbackInput
                    label={t('awards.feedbackOn', { worker: a.worker })}
                    send={(body) => act(() => call(assessment.feedback, { body: { month, workerId: a.workerId, body } }))}
                  />
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      <h3>{t('awards.mine')}</h3>
      <FeedbackList items={mine?.feedback ?? []} answer={null} />
      {all && (
        <>
          <h3>{t('awards.allFeedback')}</h3>
          <FeedbackList
            items={all.feedback}
            answer={answers ? (id, text) => act(() => call(awards.answer, { params: { id }, body: { answer: text } })) : null}
          />
        </>
      )}
    </div>
  );
}

type FeedbackItem = NonNullable<ReturnType<typeof useEndpoint<typeof awards.myFeedback>>>['feedback'][number];

function FeedbackList({ items, answer }: { items: FeedbackItem[]; answer: ((id: number, text: string) => Promise<void>) | null }) {
  const { t } = useT();
  if (items.length === 0) return <p className="muted">{t('awards.none')}</p>;
  return (
    <ul className="awards-feedback">
      {items.map((f) => (
        <li key={f.id} data-feedback={f.id}>
          <b>{f.period}</b> · {f.worker} · {f.by} · {formatDateTime(f.at)}: {f.body}
          <br />
          {f.answer ? (
            <span className="ok">{t('awards.answered', { by: f.answeredBy ?? '', answer: f.answer })}</span>
          ) : answer ? (
            <FeedbackInput label={t('awards.answer')} send={(text) => answer(f.id, text)} />
          ) : (
            <span className="muted">{t('awards.unanswered')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function CriticismTab({ month }: { month: string }) {
  const { t } = useT();
  const notice = useEndpoint(awards.criticism, { query: { month } });
  return (
    <div data-testid="criticism">
      <a className="button" href={`/assessment/print?kind=criticism&month=${month}`} target="_blank" rel="noreferrer">
        {t('awards.print')}
      </a>
      {notice && notice.entries.length === 0 && <p className="muted">{t('awards.none')}</p>}
      <ul>
        {(notice?.entries ?? []).map((e) => (
          <li key={e.evidenceId}>
            {e.worker} · {e.task} · {t('awards.markedBy')} {e.markedBy} · {formatDateTime(e.markedAt)}
          </li>
        ))}
      </ul>
    </div>
  );
}
