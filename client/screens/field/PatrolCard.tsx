// 巡查上报 (R15): a patrol started and ended on the phone, its time and place from the phone, its content
// and result written at the end. The open patrol is the one started here and not yet ended — on the server
// or still in the queue.
import { useState } from 'react';
import { field } from '../../../shared/field/contract.ts';
import { enqueue, newClientRef, useOutbox } from '../../field/outbox.ts';
import { useT } from '../../platform/i18n.ts';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

interface PatrolRef {
  clientRef: string;
  at: string;
}

export function PatrolCard({ position, open, reported }: { position: Position | null; open: boolean; reported: number }) {
  const { t } = useT();
  const patrols = useFieldData(field.patrols, {});
  const { entries } = useOutbox();
  const [content, setContent] = useState('');
  const [result, setResult] = useState('');
  // Started and ended here: between an entry leaving the queue and the server's lists being read again, the
  // card must neither fall back to "start" nor show an ended patrol open.
  const [startedHere, setStartedHere] = useState<PatrolRef | null>(null);
  const [endedHere, setEndedHere] = useState<string[]>([]);

  const ended = new Set([...endedHere, ...entries.filter((e) => e.kind === 'patrolEnd').map((e) => (e.body as PatrolRef).clientRef)]);
  const queuedStart = entries.filter((e) => e.kind === 'patrolStart').map((e) => e.body as PatrolRef);
  const serverOpen = open ? patrols.data?.patrols.find((p) => p.endedAt === null) : undefined;
  const current = [
    ...queuedStart,
    ...(startedHere ? [startedHere] : []),
    ...(serverOpen ? [{ clientRef: serverOpen.clientRef, at: String(serverOpen.startedAt) }] : []),
  ].find((p) => !ended.has(p.clientRef));

  const where = position ? { lat: position.lat, lon: position.lon } : null;
  async function start() {
    if (!where) return;
    const clientRef = newClientRef();
    const at = new Date().toISOString();
    setStartedHere({ clientRef, at });
    await enqueue({ id: clientRef, kind: 'patrolStart', label: time(at), path: field.startPatrol.path, body: { clientRef, at, ...where } });
  }
  async function end() {
    if (!where || !current) return;
    const at = new Date().toISOString();
    setEndedHere((x) => [...x, current.clientRef]);
    await enqueue({
      id: newClientRef(),
      kind: 'patrolEnd',
      label: `${time(current.at)}–${time(at)}`,
      path: field.endPatrol.path,
      body: { clientRef: current.clientRef, at, ...where, content: content.trim(), result: result.trim() },
      after: entries.some((e) => e.id === current.clientRef) ? [current.clientRef] : [],
    });
    setContent('');
    setResult('');
  }

  return (
    <div className="field-card" data-testid="patrol">
      <div className="field-card-head">
        <h2>{current ? t('field.patrol.on', { since: time(current.at) }) : t('field.patrol.title')}</h2>
        <span className="field-hint">{t('field.patrol.reported', { n: reported })}</span>
      </div>
      {!where && <p className="field-hint">{t('field.waitingPosition')}</p>}
      {current ? (
        <>
          <label className="field-label">
            {t('field.patrol.content')}
            <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={2} placeholder={t('field.patrol.contentHint')} />
          </label>
          <label className="field-label">
            {t('field.patrol.result')}
            <textarea value={result} onChange={(e) => setResult(e.target.value)} rows={2} placeholder={t('field.patrol.resultHint')} />
          </label>
          <button type="button" className="field-primary" disabled={!where || !content.trim() || !result.trim()} onClick={() => void end()}>
            {t('field.patrol.end')}
          </button>
        </>
      ) : (
        <button type="button" className="field-primary" disabled={!where} onClick={() => void start()}>
          {t('field.patrol.start')}
        </button>
      )}
    </div>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
