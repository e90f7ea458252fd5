import { useState, type FormEvent } from 'react';
import { auth } from '../../../shared/auth/contract.ts';
import { ApiError, call } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';
import { useSite } from '../../platform/useSite.ts';
import { sameSitePath } from '../../../shared/auth/next.ts';

/** Where to go after logging in: only a path of this site, never another origin. */
const nextPath = () => sameSitePath(new URLSearchParams(location.search).get('next'), location.origin, '/wall');

export function LoginPage() {
  const { t, lang, toggle } = useT();
  const site = useSite();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await call(auth.login, { body: { username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') } });
      location.assign(nextPath());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('loginFailed') : String((err as Error).message));
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form onSubmit={submit} className="login-form">
        <h1>{lang === 'zh' && site ? site.title : t('title')}</h1>
        <label>
          {t('username')}
          {/* biome-ignore lint/a11y/noAutofocus: the page has one task, and the wall's screen is logged in with a keyboard only */}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('login')}
        </button>
        <button type="button" className="lang" onClick={toggle}>
          {t('langSwitch')}
        </button>
      </form>
    </div>
  );
}
