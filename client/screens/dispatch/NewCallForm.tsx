import { useEffect, useState, type FormEvent } from 'react';
import { type Category, type CreateIncidentBody, type IncidentSummary, incidents } from '../../../shared/incidents/contract.ts';
import { ApiError, call } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';

/** Taking a phone call (R31): the place from a click on the map, the class, what happened, who called. */
export function NewCallForm({
  at,
  categories,
  villages,
  onPlace,
  onCreated,
  onCancel,
}: {
  at: [number, number] | null;
  categories: Category[];
  /** Villages to place a call by name when the caller cannot be found on the map. */
  villages: { name: string; centre: [number, number] }[];
  onPlace: (at: [number, number]) => void;
  onCreated: (i: IncidentSummary) => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  const [code, setCode] = useState(categories[0]?.code ?? '');
  const [duplicates, setDuplicates] = useState<IncidentSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Possible duplicates are shown before saving: same class, 100 m, 24 h.
  useEffect(() => {
    if (!at || !code) return setDuplicates([]);
    call(incidents.duplicates, { query: { categoryCode: code, lat: at[1], lon: at[0] } })
      .then((r) => setDuplicates(r.duplicates))
      .catch(() => setDuplicates([]));
  }, [at?.[0], at?.[1], code]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!at) return setError(t('call.pickFirst'));
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = { categoryCode: code, lat: at[1], lon: at[0], description: f.get('description'), source: 'phone' };
    for (const k of ['address', 'callerName', 'callerPhone']) if (f.get(k)) body[k] = f.get(k);
    setBusy(true);
    setError(null);
    try {
      const created = await call(incidents.report, { body: body as CreateIncidentBody });
      // Photos go up as the raw image, one by one; the server checks each by its content.
      for (const file of f.getAll('photos') as File[]) if (file.size) await call(incidents.attach, { params: { id: created.id }, raw: file });
      onCreated(created);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const majors = [...new Set(categories.map((c) => c.majorName))];
  return (
    <form className="new-call" onSubmit={submit} data-testid="new-call">
      <h2>{t('call.title')}</h2>
      <p className={at ? 'picked' : 'muted'} data-testid="call-place">
        {at ? t('call.position', { lat: at[1].toFixed(5), lon: at[0].toFixed(5) }) : t('call.pickHint')}
      </p>
      <label>
        {t('call.village')}
        <select defaultValue="" onChange={(e) => e.target.value && onPlace(villages[Number(e.target.value)]!.centre)} data-testid="call-village">
          <option value="">{t('call.byVillage')}</option>
          {villages.map((v, i) => (
            <option key={v.name} value={i}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('call.category')}
        <select name="categoryCode" value={code} onChange={(e) => setCode(e.target.value)}>
          {majors.map((m) => (
            <optgroup key={m} label={m}>
              {categories
                .filter((c) => c.majorName === m && c.active)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code} {c.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('call.description')}
        <textarea name="description" required rows={3} />
      </label>
      <label>
        {t('call.address')}
        <input name="address" />
      </label>
      <div className="row2">
        <label>
          {t('call.callerName')}
          <input name="callerName" />
        </label>
        <label>
          {t('call.callerPhone')}
          <input name="callerPhone" inputMode="tel" />
        </label>
      </div>
      <label>
        {t('call.photos')}
        <input type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
      </label>
      {duplicates.length > 0 && (
        <div className="duplicates" data-testid="duplicates">
          {t('call.duplicates', { n: duplicates.length, codes: duplicates.map((d) => d.code).join(t('listSeparator')) })}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="row2">
        <button type="submit" disabled={busy}>
          {t('call.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('call.cancel')}
        </button>
      </div>
    </form>
  );
}
