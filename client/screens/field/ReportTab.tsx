// 上报事件 (R18): the class (the ones I report most first), photos, the place from GPS — moved on the map
// if need be —, a description; resolved on the spot where the class allows it. Queued as the report, its
// photos and the on-the-spot resolution, each sent once the one before has reached the server.
import { lazy, Suspense, useMemo, useState } from 'react';
import { field } from '../../../shared/field/contract.ts';
import { incidents } from '../../../shared/incidents/contract.ts';
import { enqueue, newClientRef } from '../../field/outbox.ts';
import { ref } from '../../field/queue.ts';
import { useT } from '../../platform/i18n.ts';
import { nearQuery } from './near.ts';
import { PhotoPicker } from './PhotoPicker.tsx';
import { useFieldData } from './useFieldData.ts';
import type { Position } from './usePosition.ts';

const FieldMap = lazy(() => import('./FieldMap.tsx').then((m) => ({ default: m.FieldMap })));
/** How many of the most used classes are offered as buttons. */
const FAVOURITES = 6;

export function ReportTab({ position, onDone }: { position: Position | null; onDone: () => void }) {
  const { t } = useT();
  const categories = useFieldData(incidents.categories, {});
  // The order from the server: the classes I report most, then the town's (kept by the service worker offline).
  const order = useFieldData(field.reportClasses, {});
  const today = useFieldData(field.today, { query: nearQuery(position) });
  const [code, setCode] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [description, setDescription] = useState('');
  const [pin, setPin] = useState<[number, number] | null>(null);
  const [onMap, setOnMap] = useState(false);
  const [resolve, setResolve] = useState(false);
  const [result, setResult] = useState('');
  const active = useMemo(() => (categories.data?.categories ?? []).filter((c) => c.active), [categories.data]);
  const rank = useMemo(() => new Map((order.data?.classes ?? []).map((c, i) => [c.code, { i, used: c.mine + c.town }])), [order.data]);
  /** Most reported first (mine, then the town's); classes the server has not ranked keep their code order, after. */
  const ranked = useMemo(
    () => [...active].sort((a, b) => (rank.get(a.code)?.i ?? 1e9) - (rank.get(b.code)?.i ?? 1e9) || a.code.localeCompare(b.code)),
    [active, rank],
  );
  const favourites = useMemo(() => ranked.filter((c) => (rank.get(c.code)?.used ?? 0) > 0).slice(0, FAVOURITES), [ranked, rank]);
  const category = active.find((c) => c.code === code);
  const place = pin ?? (position ? ([position.lon, position.lat] as [number, number]) : null);
  const ready = category && place && description.trim() && (!resolve || result.trim());

  async function submit() {
    if (!category || !place) return;
    const id = newClientRef();
    const photoIds = photos.map(() => newClientRef());
    const resolveId = newClientRef();
    await enqueue(
      {
        id,
        kind: 'incident',
        label: category.name,
        path: incidents.report.path,
        body: { clientRef: id, categoryCode: category.code, lon: place[0], lat: place[1], description: description.trim() },
      },
      ...photos.map((blob, i) => ({
        id: photoIds[i]!,
        kind: 'photo' as const,
        label: `${category.name} ${i + 1}/${photos.length}`,
        path: `/incidents/${ref(id, 'id')}/attachments`,
        blob,
        after: [id],
      })),
      ...(resolve && category.onSpot
        ? [
            {
              id: resolveId,
              kind: 'action' as const,
              label: `${category.name} · ${t('field.report.resolved')}`,
              path: `/field/cases/${ref(id, 'id')}/actions`,
              body: { clientRef: resolveId, action: 'resolve_on_spot', version: ref(id, 'version'), result: result.trim() },
              after: [id, ...photoIds],
            },
          ]
        : []),
    );
    setCode('');
    setPhotos([]);
    setDescription('');
    setPin(null);
    setResolve(false);
    setResult('');
    onDone();
  }

  // The list too: the major classes in the order of their most reported class, each one's classes likewise.
  const majors = [...new Set(ranked.map((c) => c.majorName))];
  return (
    <section className="field-tab" data-testid="report">
      <form
        className="field-card field-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{t('field.report.title')}</h2>
        {favourites.length > 0 && (
          <fieldset className="field-chips" data-testid="favourites" title={t('field.report.townOrder')}>
            <legend>{t('field.report.favourites')}</legend>
            {favourites.map((c) => (
              <button key={c.code} type="button" className={c.code === code ? 'on' : ''} onClick={() => setCode(c.code)}>
                {c.name}
              </button>
            ))}
          </fieldset>
        )}
        <label className="field-label">
          {t('field.report.class')}
          <select name="category" value={code} onChange={(e) => setCode(e.target.value)} required>
            <option value="">{t('field.report.pickClass')}</option>
            {majors.map((m) => (
              <optgroup key={m} label={m}>
                {ranked
                  .filter((c) => c.majorName === m)
                  .map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <PhotoPicker photos={photos} onChange={setPhotos} />
        <div className="field-label">
          {t('field.report.place')}
          <div className="field-place">
            <span data-testid="report-place">
              {place ? `${place[1].toFixed(5)}, ${place[0].toFixed(5)}` : t('field.waitingPosition')}{' '}
              {pin ? t('field.report.moved') : place ? t('field.report.gps') : ''}
            </span>
            <button type="button" className="field-secondary small" onClick={() => setOnMap(!onMap)} disabled={!today.data}>
              {onMap ? t('field.report.mapDone') : t('field.report.adjust')}
            </button>
          </div>
          {onMap && today.data && (
            <Suspense fallback={<div className="field-map field-empty">{t('loading')}</div>}>
              <p className="field-hint">{t('field.report.tapMap')}</p>
              <FieldMap grid={today.data.grid.area} me={position} pin={place} onPick={setPin} />
            </Suspense>
          )}
        </div>
        <label className="field-label">
          {t('field.report.description')}
          <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} required />
        </label>
        {category?.onSpot && (
          <>
            <label className="field-check">
              <input type="checkbox" name="resolve" checked={resolve} onChange={(e) => setResolve(e.target.checked)} />
              {t('field.report.resolveOnSpot')}
            </label>
            {resolve && (
              <label className="field-label">
                {t('field.report.result')}
                <textarea name="result" rows={2} value={result} onChange={(e) => setResult(e.target.value)} maxLength={2000} />
              </label>
            )}
          </>
        )}
        {category && !category.onSpot && <p className="field-hint">{t('field.report.notOnSpot', { department: category.department ?? '—' })}</p>}
        <button type="submit" className="field-primary" disabled={!ready} data-testid="report-submit">
          {t('field.report.submit')}
        </button>
      </form>
    </section>
  );
}
