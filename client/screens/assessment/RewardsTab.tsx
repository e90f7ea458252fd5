// Rewards (R25): applications on the form 《西岗镇社会治安综合治理个人奖励申报表》, the proof attached, then each
// step by its own role — the squad checks, the brigade confirms, the town approves, the reward is paid at a
// commendation meeting — with who and when; rejected with the reason at any step. The form prints (A4).
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { assessment } from '../../../shared/assessment/contract.ts';
import { REWARD_CATEGORIES, REWARD_CATEGORY_LABELS, type RewardStep, STEP_ROLES } from '../../../shared/assessment/rewards.ts';
import { awards, type RewardApplication } from '../../../shared/assessment/rewardsContract.ts';
import type { Role } from '../../../shared/core/roles.ts';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { ApiError, call } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { useEndpoint } from '../../platform/useEndpoint.ts';

const STEP_ENDPOINT = { check: awards.check, confirm: awards.confirm, approve: awards.approve } as const;

export function RewardsTab({ role, month }: { role: Role; month: string }) {
  const { t } = useT();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useEndpoint(awards.rewards, {});
  const detail = useEndpoint(awards.reward, selected === null ? null : { params: { id: selected } });
  const refresh = () => qc.invalidateQueries({ predicate: (q) => String(q.queryKey[1]).startsWith('/assessment/reward') });
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await refresh();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };

  return (
    <div className="awards-rewards" data-testid="rewards">
      <div className="awards-bar">
        <button type="button" onClick={() => setCreating(!creating)} data-testid="reward-new">
          {t('awards.new')}
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
      {creating && (
        <RewardForm
          month={month}
          onDone={async (id) => {
            setCreating(false);
            await refresh();
            setSelected(id);
          }}
          onError={setError}
        />
      )}
      <table className="squads" data-testid="reward-list">
        <thead>
          <tr>
            <th>{t('awards.name')}</th>
            <th>{t('awards.category')}</th>
            <th>{t('awards.deedOn')}</th>
            <th>{t('awards.rewardAsked')}</th>
            <th>{t('awards.state')}</th>
          </tr>
        </thead>
        <tbody>
          {(list?.applications ?? []).map((a) => (
            <tr key={a.id} data-reward={a.id} className={a.id === selected ? 'selected' : ''} onClick={() => setSelected(a.id)}>
              <td>{a.name}</td>
              <td>{REWARD_CATEGORY_LABELS[a.category]}</td>
              <td>{a.deedOn}</td>
              <td>{a.rewardAsked}</td>
              <td>{t(`awards.state.${a.state}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail && <RewardDetail a={detail} role={role} act={act} />}
    </div>
  );
}

function RewardDetail({ a, role, act }: { a: RewardApplication; role: Role; act: (f: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useT();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [meetingOn, setMeetingOn] = useState(shanghaiDay(Date.now()));
  const [amount, setAmount] = useState('');
  const mine = a.next !== null && STEP_ROLES[a.next].includes(role);
  const steps: { key: MessageKey; s: { by: string; at: string; note?: string } | null }[] = [
    { key: 'awards.step.submitted', s: a.submitted },
    { key: 'awards.step.check', s: a.checked },
    { key: 'awards.step.confirm', s: a.confirmed },
    { key: 'awards.step.approve', s: a.approved },
    { key: 'awards.step.pay', s: a.paid && { by: a.paid.by, at: a.paid.at, note: `${a.paid.meetingOn} · ¥${a.paid.amount}` } },
  ];
  return (
    <div className="worker" data-testid="reward-detail" data-state={a.state}>
      <h3>
        {a.name} · {t(`awards.state.${a.state}` as MessageKey)}{' '}
        <a className="button" href={`/assessment/print?kind=reward&id=${a.id}`} target="_blank" rel="noreferrer" data-testid="reward-print">
          {t('awards.print')}
        </a>
      </h3>
      <p>
        {REWARD_CATEGORY_LABELS[a.category]} · {a.deedOn} · {a.deedPlace}
      </p>
      <p>{a.deed}</p>
      <ol className="awards-steps">
        {steps.map(({ key, s }) => (
          <li key={key} className={s ? 'ok' : 'muted'}>
            {t(key)}
            {s && ` — ${t('awards.stepBy', { by: s.by, at: formatDateTime(s.at) })}${s.note ? ` · ${s.note}` : ''}`}
          </li>
        ))}
      </ol>
      {a.rejected && (
        <p className="error">
          {t('awards.rejectedAt', { step: t(`awards.step.${a.rejected.step}` as MessageKey), reason: a.rejected.reason })} ({a.rejected.by},{' '}
          {formatDateTime(a.rejected.at)})
        </p>
      )}
      <p>
        {t('awards.proofs')}:{' '}
        {a.proofs.length === 0
          ? t('awards.none')
          : a.proofs.map((p) => (
              <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                {p.mime} ({Math.round(p.size / 1024)} KB){' '}
              </a>
            ))}
      </p>
      {a.state === 'submitted' && (
        <label>
          {t('awards.attachProof')}{' '}
          <input
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            data-testid="reward-proof"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void act(() => call(awards.attachProof, { params: { id: a.id }, raw: f }));
            }}
          />
        </label>
      )}
      {mine && a.next && (
        <div className="awards-actions">
          {a.next === 'pay' ? (
            <>
              <input type="date" value={meetingOn} onChange={(e) => setMeetingOn(e.target.value)} aria-label={t('awards.meetingOn')} />
              <input type="number" min="1" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={t('awards.amount')} />
              <button type="button" onClick={() => act(() => call(awards.pay, { params: { id: a.id }, body: { meetingOn, amount: Number(amount) } }))}>
                {t('awards.step.pay')}
              </button>
            </>
          ) : (
            <>
              <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('awards.note')} />
              <button
                type="button"
                data-testid={`reward-${a.next}`}
                onClick={() => act(() => call(STEP_ENDPOINT[a.next as Exclude<RewardStep, 'pay'>], { params: { id: a.id }, body: { note } }))}
              >
                {t(`awards.step.${a.next}` as MessageKey)}
              </button>
            </>
          )}
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('awards.reason')} />
          <button type="button" disabled={!reason.trim()} onClick={() => act(() => call(awards.reject, { params: { id: a.id }, body: { reason } }))}>
            {t('awards.reject')}
          </button>
        </div>
      )}
    </div>
  );
}

function RewardForm({ month, onDone, onError }: { month: string; onDone: (id: number) => void; onError: (e: string) => void }) {
  const { t } = useT();
  const workers = useEndpoint(assessment.month, { query: { month } })?.workers ?? [];
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '');
    try {
      const a = await call(awards.createReward, {
        body: {
          workerId: Number(s('workerId')),
          gender: s('gender') as '男' | '女',
          age: Number(s('age')),
          politicalStatus: s('politicalStatus'),
          unit: s('unit'),
          post: s('post'),
          phone: s('phone'),
          category: s('category') as (typeof REWARD_CATEGORIES)[number],
          deedOn: s('deedOn'),
          deedPlace: s('deedPlace'),
          deed: s('deed'),
          proofBy: s('proofBy'),
          rewardAsked: s('rewardAsked'),
        },
      });
      onDone(a.id);
    } catch (err) {
      onError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    }
  };
  const field = (name: string, label: MessageKey, input = <input name={name} required />) => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in and rendered inside the label
    <label key={name}>
      <span>{t(label)}</span>
      {input}
    </label>
  );
  return (
    <form className="awards-form" onSubmit={submit} data-testid="reward-form">
      {field(
        'workerId',
        'awards.name',
        <select name="workerId" required>
          {workers.map((w) => (
            <option key={w.workerId} value={w.workerId}>
              {w.worker}
            </option>
          ))}
        </select>,
      )}
      {field(
        'gender',
        'awards.gender',
        <select name="gender">
          <option>男</option>
          <option>女</option>
        </select>,
      )}
      {field('age', 'awards.age', <input name="age" type="number" min="16" max="80" required />)}
      {field('politicalStatus', 'awards.politicalStatus')}
      {field('unit', 'awards.unit')}
      {field('post', 'awards.post')}
      {field('phone', 'awards.phone', <input name="phone" type="tel" required />)}
      {field(
        'category',
        'awards.category',
        <select name="category">
          {REWARD_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {REWARD_CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>,
      )}
      {field('deedOn', 'awards.deedOn', <input name="deedOn" type="date" max={shanghaiDay(Date.now())} required />)}
      {field('deedPlace', 'awards.deedPlace')}
      {field('deed', 'awards.deed', <textarea name="deed" rows={4} required />)}
      {field('proofBy', 'awards.proofBy')}
      {field('rewardAsked', 'awards.rewardAsked')}
      <button type="submit">{t('awards.submit')}</button>
    </form>
  );
}
