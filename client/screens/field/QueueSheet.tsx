import { discard, flush, retry, useOutbox } from '../../field/outbox.ts';
import { blockedBy, type EntryKind } from '../../field/queue.ts';
import { type MessageKey, useT } from '../../platform/i18n.ts';
import { explainConflict, typedText } from './conflict.ts';

export const KIND_LABEL: Record<EntryKind, MessageKey> = {
  incident: 'field.kind.incident',
  photo: 'field.kind.photo',
  action: 'field.kind.action',
  visit: 'field.kind.visit',
  patrolStart: 'field.kind.patrolStart',
  patrolEnd: 'field.kind.patrolEnd',
  household: 'field.kind.household',
  resident: 'field.kind.resident',
  ledger: 'field.kind.ledger',
  rectify: 'field.kind.rectify',
  check: 'field.kind.check',
};

/** 待上传: every write still on the phone, what holds it, and what the server said of a refused one. */
export function QueueSheet({ onClose }: { onClose: () => void }) {
  const { t, lang } = useT();
  const { entries, online, sending, others } = useOutbox();
  return (
    <div className="field-sheet" role="dialog" aria-label={t('field.queue.title')}>
      <div className="field-sheet-head">
        <h2 className="field-sheet-title">{t('field.queue.title')}</h2>
        <button type="button" className="field-close" onClick={onClose}>
          {t('field.close')}
        </button>
      </div>
      <p className="field-hint">{online ? (sending ? t('field.queue.sending') : t('field.queue.online')) : t('field.queue.offline')}</p>
      {entries.length === 0 && <p className="field-empty">{t('field.queue.empty')}</p>}
      {others > 0 && (
        <p className="field-hint" data-testid="queue-others">
          {t('field.queue.others', { n: others })}
        </p>
      )}
      <ul className="field-queue" data-testid="queue">
        {entries.map((e) => {
          const blocker = blockedBy(entries, e);
          return (
            <li key={e.id} className={`state-${e.state}`} data-state={e.state} data-kind={e.kind}>
              <div className="field-row-main">
                <strong>{t(KIND_LABEL[e.kind])}</strong> {e.label}
              </div>
              <div className="field-row-sub">
                {e.state === 'waiting' && (blocker ? t('field.queue.blocked', { what: t(KIND_LABEL[blocker.kind]) }) : t('field.queue.waiting'))}
                {e.state === 'failed' && t('field.queue.failed')}
                {e.state === 'conflict' && t('field.queue.conflict')}
                {' · '}
                {new Date(e.createdAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })}
              </div>
              {e.state === 'conflict' && explainConflict(e, t, lang) && (
                <p className="field-conflict" data-testid="queue-conflict">
                  {explainConflict(e, t, lang)}
                </p>
              )}
              {e.reason &&
                e.state !== 'waiting' &&
                (e.state === 'conflict' && explainConflict(e, t, lang) ? (
                  // Explained above in the worker's words; the server's own, for whoever supports them.
                  <details className="field-reason-more">
                    <summary>{t('field.conflict.server')}</summary>
                    <p className="field-reason" data-testid="queue-reason">
                      {e.reason}
                    </p>
                  </details>
                ) : (
                  <p className="field-reason" data-testid="queue-reason">
                    {e.reason}
                  </p>
                ))}
              {e.state !== 'waiting' && typedText(e) && (
                <p className="field-kept" data-testid="queue-kept">
                  {t('field.conflict.kept')} {typedText(e)}
                </p>
              )}
              {e.state !== 'waiting' && (
                <div className="field-actions">
                  <button type="button" onClick={() => void retry(e.id)}>
                    {e.state === 'conflict' ? t('field.conflict.retry') : t('field.queue.retry')}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (confirm(t('field.queue.discardConfirm'))) void discard(e.id);
                    }}
                  >
                    {t('field.queue.discard')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {entries.some((e) => e.state === 'waiting') && (
        <button type="button" className="field-primary" onClick={() => void flush(true)}>
          {t('field.queue.sendNow')}
        </button>
      )}
    </div>
  );
}
