// The awards' printable pages (A4, Chinese first): the reward form 《西岗镇社会治安综合治理个人奖励申报表》 with its
// steps (R25), the monthly notice of 月度优秀 (R26, R29), the year's 年度十佳 notice (R27) and the criticism
// notice for faked publicity evidence (R23). `/assessment/print?kind=reward&id=…|notice&month=…|annual&year=…|criticism&month=…`;
// printed from the browser (or to PDF). Names are as the reader's role may see them (R40).
import { useEffect } from 'react';
import { assessment } from '../../../shared/assessment/contract.ts';
import { REWARD_CATEGORY_LABELS } from '../../../shared/assessment/rewards.ts';
import { awards, type RewardApplication } from '../../../shared/assessment/rewardsContract.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { formatDateTime } from '../../platform/format.ts';
import { type Translate, useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';
import { useMe } from '../../platform/useMe.ts';
import './print.css';

const thisMonth = () => shanghaiDay(Date.now()).slice(0, 7);

export function PrintPage() {
  const { t } = useT();
  useMe();
  const q = new URLSearchParams(location.search);
  const kind = q.get('kind') ?? 'notice';
  const id = Number(q.get('id'));
  const month = /^\d{4}-\d{2}$/.test(q.get('month') ?? '') ? q.get('month')! : thisMonth();
  const year = Number(q.get('year')) || Number(thisMonth().slice(0, 4)) - 1;
  const reward = useEndpoint(awards.reward, kind === 'reward' && id > 0 ? { params: { id } } : null);
  const notice = useEndpoint(assessment.awards, kind === 'notice' ? { query: { month } } : null);
  const annual = useEndpoint(awards.annual, kind === 'annual' ? { query: { year } } : null);
  const criticism = useEndpoint(awards.criticism, kind === 'criticism' ? { query: { month } } : null);
  useEffect(() => {
    document.body.classList.add('print-body');
    return () => document.body.classList.remove('print-body');
  }, []);
  const ready = reward ?? notice ?? annual ?? criticism;
  useEffect(() => {
    if (reward) document.title = `${t('awards.formTitle')} · ${reward.name}`;
  }, [reward, t]);

  return (
    <>
      <div className="print-tools">
        <button type="button" onClick={() => window.print()}>
          {t('awards.print')}
        </button>
      </div>
      <article className="print-page" data-testid={ready ? 'print-ready' : 'print-loading'} data-kind={kind}>
        {reward && <RewardForm a={reward} t={t} />}
        {notice && (
          <>
            <h1>{t('awards.noticeTitle', { month })}</h1>
            <p className="lead">{t('awards.noticeText')}</p>
            <table>
              <thead>
                <tr>
                  <th>{t('assessment.colRank')}</th>
                  <th>{t('assessment.colWorker')}</th>
                  <th>{t('assessment.colTotal')}</th>
                </tr>
              </thead>
              <tbody>
                {notice.awarded.map((a) => (
                  <tr key={a.workerId}>
                    <td>{a.rank}</td>
                    <td>{a.worker}</td>
                    <td>{a.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Footer t={t} extra={notice.noticeEnds ? t('awards.noticeEnds', { at: formatDateTime(notice.noticeEnds) }) : t(`awards.stage.${notice.stage}`)} />
          </>
        )}
        {annual && (
          <>
            <h1>{t('awards.annualTitle', { year })}</h1>
            <p className="lead">{t('awards.cut', { day: annual.cutDay })}</p>
            <table>
              <thead>
                <tr>
                  <th>{t('assessment.colRank')}</th>
                  <th>{t('assessment.colWorker')}</th>
                  <th>{t('awards.monthlyAwards')}</th>
                  <th>{t('awards.score')}</th>
                </tr>
              </thead>
              <tbody>
                {annual.workers
                  .filter((w) => w.awarded)
                  .map((w) => (
                    <tr key={w.workerId}>
                      <td>{w.rank}</td>
                      <td>{w.worker}</td>
                      <td>{w.monthlyAwards}</td>
                      <td>{w.score}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <Footer t={t} extra={annual.noticeEnds ? t('awards.noticeEnds', { at: formatDateTime(annual.noticeEnds) }) : t(`awards.stage.${annual.stage}`)} />
          </>
        )}
        {criticism && (
          <>
            <h1>{t('awards.criticismTitle', { month })}</h1>
            <p className="lead">{t('awards.criticismText')}</p>
            <table>
              <thead>
                <tr>
                  <th>{t('assessment.colWorker')}</th>
                  <th>{t('awards.task')}</th>
                  <th>{t('awards.markedBy')}</th>
                  <th>{t('awards.markedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {criticism.entries.map((e) => (
                  <tr key={e.evidenceId}>
                    <td>{e.worker}</td>
                    <td>{e.task}</td>
                    <td>{e.markedBy}</td>
                    <td>{formatDateTime(e.markedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Footer t={t} />
          </>
        )}
      </article>
    </>
  );
}

function Footer({ t, extra }: { t: Translate; extra?: string }) {
  return (
    <div className="footer">
      <span>{extra}</span>
      <span>
        {t('awards.brigade')} · {t('awards.printedAt', { at: formatDateTime(Date.now()) })}
      </span>
    </div>
  );
}

function Opinion({ t, s }: { t: Translate; s: { by: string; at: string; note: string } | null }) {
  return (
    <td colSpan={5} className="opinion">
      {s?.note}
      <span className="sign">{s ? t('awards.stepBy', { by: s.by, at: formatDateTime(s.at) }) : ''}</span>
    </td>
  );
}

/** 《西岗镇社会治安综合治理个人奖励申报表》 as filled in, with each step's opinion, who and when (R25). */
function RewardForm({ a, t }: { a: RewardApplication; t: Translate }) {
  return (
    <>
      <h1>{t('awards.formTitle')}</h1>
      <table data-testid="reward-form-print">
        <tbody>
          <tr>
            <th>{t('awards.name')}</th>
            <td data-field="name">{a.name}</td>
            <th>{t('awards.gender')}</th>
            <td>{a.gender}</td>
            <th>{t('awards.age')}</th>
            <td>{a.age}</td>
          </tr>
          <tr>
            <th>{t('awards.politicalStatus')}</th>
            <td>{a.politicalStatus}</td>
            <th>{t('awards.post')}</th>
            <td>{a.post}</td>
            <th>{t('awards.phone')}</th>
            <td>{a.phone}</td>
          </tr>
          <tr>
            <th>{t('awards.unit')}</th>
            <td colSpan={5}>{a.unit}</td>
          </tr>
          <tr>
            <th>{t('awards.category')}</th>
            <td colSpan={5}>{REWARD_CATEGORY_LABELS[a.category]}</td>
          </tr>
          <tr>
            <th>{t('awards.deedOn')}</th>
            <td>{a.deedOn}</td>
            <th>{t('awards.deedPlace')}</th>
            <td colSpan={3}>{a.deedPlace}</td>
          </tr>
          <tr>
            <th>{t('awards.deed')}</th>
            <td colSpan={5} className="tall">
              {a.deed}
              <span className="sign">
                {t('awards.signApplicant')}：＿＿＿＿　{t('awards.step.submitted')} {formatDateTime(a.submitted.at)}
              </span>
            </td>
          </tr>
          <tr>
            <th>{t('awards.proofBy')}</th>
            <td colSpan={2}>{a.proofBy}</td>
            <th>{t('awards.proofs')}</th>
            <td colSpan={2}>{a.proofs.length}</td>
          </tr>
          <tr>
            <th>{t('awards.rewardAsked')}</th>
            <td colSpan={5}>{a.rewardAsked}</td>
          </tr>
          <tr>
            <th>{t('awards.step.check')}</th>
            <Opinion t={t} s={a.checked} />
          </tr>
          <tr>
            <th>{t('awards.step.confirm')}</th>
            <Opinion t={t} s={a.confirmed} />
          </tr>
          <tr>
            <th>{t('awards.step.approve')}</th>
            <Opinion t={t} s={a.approved} />
          </tr>
          <tr>
            <th>{t('awards.step.pay')}</th>
            <td colSpan={5} className="opinion">
              {a.paid && `${t('awards.meetingOn')} ${a.paid.meetingOn} · ${t('awards.amount')} ${a.paid.amount}`}
              {a.rejected && t('awards.rejectedAt', { step: t(`awards.step.${a.rejected.step}`), reason: a.rejected.reason })}
            </td>
          </tr>
        </tbody>
      </table>
      <Footer t={t} />
    </>
  );
}
