import { useT } from '../../platform/i18n.ts';
import { useMe } from '../../platform/useMe.ts';

/** The routes of the views that later releases fill (dispatch console, leader view, field app). */
export function ComingPage({ view }: { view: 'field' }) {
  const { t } = useT();
  const me = useMe();
  return (
    <div className="login">
      <div className="login-form">
        <h1>{t(view)}</h1>
        <p>{me ? t('notYet') : t('loading')}</p>
        <a href="/wall">{t('wall')}</a>
      </div>
    </div>
  );
}
