import { useEffect, useState } from 'react';
import { auth, type Me } from '../../../shared/auth/contract.ts';
import { field } from '../../../shared/field/contract.ts';
import { dropCachedAnswers } from '../../field/apiCache.ts';
import { call } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';
import { useFieldData } from './useFieldData.ts';
import { setSharesPosition, sharesPosition } from './usePosition.ts';

/** 我的: position sharing, the Traccar Client settings of my terminal as a QR code for a new phone, language. */
export function MeTab({ me, positionError, onQueue }: { me: Me; positionError: string | null; onQueue: () => void }) {
  const { t, toggle } = useT();
  const [share, setShare] = useState(sharesPosition);
  const traccar = useFieldData(field.traccar, {});
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!traccar.data) return;
    // The QR library is loaded only here, on the setup page.
    void import('qrcode').then((q) => q.toDataURL(traccar.data!.qr, { margin: 1, width: 240 })).then(setQr);
  }, [traccar.data]);

  return (
    <section className="field-tab">
      <div className="field-card">
        <h2>{me.displayName}</h2>
        <p className="field-hint">{me.username}</p>
        <button type="button" className="field-secondary" onClick={onQueue}>
          {t('field.queue.title')}
        </button>
      </div>
      <div className="field-card">
        <h2>{t('field.me.position')}</h2>
        <label className="field-check">
          <input
            type="checkbox"
            checked={share}
            onChange={(e) => {
              setShare(e.target.checked);
              setSharesPosition(e.target.checked);
            }}
          />
          {t('field.me.share')}
        </label>
        <p className="field-hint">{positionError ? t('field.me.noPosition', { why: positionError }) : t('field.me.shareHelp')}</p>
      </div>
      <div className="field-card" data-testid="traccar">
        <h2>{t('field.me.traccar')}</h2>
        {traccar.data ? (
          <>
            {qr && <img className="field-qr" src={qr} alt={t('field.me.traccarQr')} width={240} height={240} />}
            <dl className="field-dl">
              <dt>{t('field.me.serverUrl')}</dt>
              <dd>{traccar.data.serverUrl}</dd>
              <dt>{t('field.me.deviceId')}</dt>
              <dd>{traccar.data.deviceId}</dd>
              <dt>{t('field.me.interval')}</dt>
              <dd>{t('field.me.intervalValue', { s: traccar.data.intervalS, m: traccar.data.distanceM })}</dd>
            </dl>
            <p className="field-hint">{t('field.me.traccarHelp')}</p>
          </>
        ) : (
          <p className="field-hint">{traccar.error ? t('field.me.noTerminal') : t('loading')}</p>
        )}
      </div>
      <div className="field-card field-actions">
        <button type="button" className="field-secondary" onClick={toggle}>
          {t('langSwitch')}
        </button>
        <button
          type="button"
          className="field-secondary"
          onClick={() => {
            localStorage.removeItem('field.me');
            void call(auth.logout)
              .finally(dropCachedAnswers)
              .finally(() => location.assign('/login?next=%2Ffield'));
          }}
        >
          {t('logout')}
        </button>
      </div>
    </section>
  );
}
