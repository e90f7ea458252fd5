// The grid worker's own app (/field, issue 18): phone-first, one hand, Chinese first, a light theme for
// sunlight. Five tabs at the thumb; every write goes through the outbox (client/field/outbox.ts), so the app
// works where the village has no signal and says plainly what still waits to be sent.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { auth, type Me } from '../../../shared/auth/contract.ts';
import { startOutbox, useOutbox } from '../../field/outbox.ts';
import { tally } from '../../field/queue.ts';
import { ApiError, call, toLogin } from '../../platform/api.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { queryClient } from '../../platform/useEndpoint.ts';
import { CasesTab } from './CasesTab.tsx';
import './field.css';
import { MeTab } from './MeTab.tsx';
import { type Go, type PickedHousehold, TABS, type Tab } from './navigation.ts';
import { QueueSheet } from './QueueSheet.tsx';
import { RecordsTab } from './RecordsTab.tsx';
import { ReportTab } from './ReportTab.tsx';
import { TodayTab } from './TodayTab.tsx';
import { usePosition } from './usePosition.ts';
import { VisitTab } from './VisitTab.tsx';

/** The tab bar at the thumb; 我的 (settings, queue) is reached from the header. */
const BAR: { tab: Tab; icon: string; label: MessageKey }[] = [
  { tab: 'today', icon: '☀', label: 'field.tab.today' },
  { tab: 'visit', icon: '⌂', label: 'field.tab.visit' },
  { tab: 'report', icon: '＋', label: 'field.tab.report' },
  { tab: 'cases', icon: '☰', label: 'field.tab.cases' },
  { tab: 'records', icon: '▦', label: 'field.tab.records' },
];

const ME_KEY = 'field.me';
/**
 * The logged-in worker; with no network, the one this phone last saw (the app must open in a village
 * without signal). A 401 still sends the worker to the login page.
 */
async function whoAmI(): Promise<Me> {
  try {
    const me = await call(auth.me);
    localStorage.setItem(ME_KEY, JSON.stringify(me));
    return me;
  } catch (e) {
    const kept = localStorage.getItem(ME_KEY);
    if (e instanceof ApiError || !kept) throw e;
    return JSON.parse(kept) as Me;
  }
}

/** The service worker of the field app only: it is scoped to /field and caches /field and what it loads. */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  navigator.serviceWorker.register('/field-sw.js', { scope: '/field' }).catch(() => undefined);
  // What the page read before the worker took it over was not kept for offline use: read it again through it.
  navigator.serviceWorker.addEventListener('controllerchange', () => void queryClient.invalidateQueries());
  // The manifest (install to the home screen) belongs to this app alone, not to the wall's page.
  if (!document.querySelector('link[rel=manifest]')) {
    const link = Object.assign(document.createElement('link'), { rel: 'manifest', href: '/field.webmanifest' });
    document.head.append(link);
    const colour = Object.assign(document.createElement('meta'), { name: 'theme-color', content: '#0b6bcb' });
    document.head.append(colour);
  }
}

export function FieldPage() {
  const { t } = useT();
  const me = useQuery({ queryKey: ['field', 'me'], queryFn: whoAmI, networkMode: 'always', retry: false });
  const initialTab = TABS.find((x) => x === location.hash.slice(1)) ?? 'today';
  const [tab, setTab] = useState<Tab>(initialTab);
  const [household, setHousehold] = useState<PickedHousehold | null>(null);
  const [queueOpen, setQueueOpen] = useState(false);
  const outbox = useOutbox();
  const { position, error: positionError } = usePosition();
  const sent = useRef(outbox.sent);

  useEffect(() => {
    registerServiceWorker();
    document.title = t('field.title');
  }, [t]);
  // The queue of the account logged in only (another worker's entries on this phone wait for them).
  const account = me.data?.role === 'worker' ? me.data.id : null;
  useEffect(() => {
    if (account !== null) startOutbox(account);
  }, [account]);
  // What the server now has changes what it answers: read again after every write that arrived.
  useEffect(() => {
    if (outbox.sent !== sent.current) {
      sent.current = outbox.sent;
      void queryClient.invalidateQueries();
    }
  }, [outbox.sent]);
  useEffect(() => {
    if (me.error instanceof ApiError && me.error.status === 401) toLogin();
  }, [me.error]);

  const go: Go = (next, picked) => {
    setTab(next);
    if (picked) setHousehold(picked);
    history.replaceState(null, '', `#${next}`);
    window.scrollTo(0, 0);
  };

  if (!me.data) return <div className="field field-loading">{me.error && !(me.error instanceof ApiError) ? t('field.offlineFirst') : t('loading')}</div>;
  if (me.data.role !== 'worker')
    return (
      <div className="field field-loading">
        <p>{t('field.onlyWorkers')}</p>
        <a href="/wall">{t('wall')}</a>
      </div>
    );

  const counts = tally(outbox.entries);
  const status = outbox.wrongSession
    ? t('field.status.wrongSession')
    : !outbox.online
      ? counts.waiting
        ? t('field.status.offlineQueued', { n: counts.waiting })
        : t('field.status.offline')
      : counts.waiting
        ? t('field.status.sending', { n: counts.waiting })
        : t('field.status.online');
  const trouble = counts.failed + counts.conflict;

  return (
    <div className="field">
      <header className={`field-header ${outbox.online ? 'is-online' : 'is-offline'}`}>
        <div className="field-who">
          <strong>{me.data.displayName}</strong>
          <span>{t('field')}</span>
        </div>
        <button type="button" className="field-status" data-testid="field-status" onClick={() => setQueueOpen(true)}>
          <span className="dot" aria-hidden="true" />
          {status}
          {trouble > 0 && <span className="field-trouble">{t('field.status.failed', { n: trouble })}</span>}
        </button>
        <button type="button" className="field-me" aria-label={t('field.tab.me')} onClick={() => go('me')}>
          ⚙
        </button>
      </header>
      <main className="field-main">
        {tab === 'today' && <TodayTab position={position} go={go} />}
        {tab === 'visit' && <VisitTab position={position} household={household} onHousehold={setHousehold} />}
        {tab === 'report' && <ReportTab position={position} onDone={() => go('cases')} />}
        {tab === 'cases' && <CasesTab onQueue={() => setQueueOpen(true)} />}
        {tab === 'records' && <RecordsTab position={position} />}
        {tab === 'me' && <MeTab me={me.data} positionError={positionError} onQueue={() => setQueueOpen(true)} />}
      </main>
      <nav className="field-tabs">
        {BAR.map((b) => (
          <button key={b.tab} type="button" className={tab === b.tab ? 'active' : ''} data-tab={b.tab} onClick={() => go(b.tab)}>
            <span className="icon" aria-hidden="true">
              {b.icon}
            </span>
            {t(b.label)}
          </button>
        ))}
      </nav>
      {queueOpen && <QueueSheet onClose={() => setQueueOpen(false)} />}
    </div>
  );
}
