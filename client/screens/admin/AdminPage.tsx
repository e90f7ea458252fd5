import { useState } from 'react';
import { useT } from '../../platform/i18n.ts';
import { useMe } from '../../platform/useMe.ts';
import { useSite } from '../../platform/useSite.ts';
import { FirstTown } from './FirstTown.tsx';
import { ADMIN_TABS, type AdminTab } from './tabs.ts';

/** The tab the URL names, else the first. */
const tabOf = (key: string | null): AdminTab => ADMIN_TABS.find((t) => t.key === key) ?? ADMIN_TABS[0]!;

/** The administrator's screen (issue 17): its tabs, from `tabs.ts`; the chosen one in the URL, to link to or reload. */
export function AdminPage() {
  const me = useMe();
  const site = useSite();
  const { t, toggle } = useT();
  const [tab, setTab] = useState(() => tabOf(new URLSearchParams(location.search).get('tab')));
  const open = (next: AdminTab) => {
    setTab(next);
    const url = new URL(location.href);
    url.searchParams.set('tab', next.key);
    history.replaceState(null, '', url);
  };

  if (!me || !site) return <div className="loading">{t('loading')}</div>;
  if (me.role !== 'admin')
    return (
      <div className="loading" data-testid="admin-only">
        {t('admin.onlyAdmin')}
      </div>
    );
  return (
    <div className="admin">
      <header className="admin-header">
        <h1>{t('admin')}</h1>
        <div className="tabs" role="tablist" aria-label={t('admin.tabs')}>
          {ADMIN_TABS.map((x) => (
            <button
              key={x.key}
              type="button"
              role="tab"
              aria-selected={x === tab}
              className={x === tab ? 'selected' : ''}
              onClick={() => open(x)}
              data-tab={x.key}
            >
              {t(x.label)}
            </button>
          ))}
        </div>
        <button type="button" className="lang" onClick={toggle}>
          {t('langSwitch')}
        </button>
        <span className="who">{me.displayName}</span>
      </header>
      <main className="admin-main" role="tabpanel">
        {site.town ? <tab.Component /> : <FirstTown />}
      </main>
    </div>
  );
}
