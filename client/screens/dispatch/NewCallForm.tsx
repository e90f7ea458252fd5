import { useEffect, useState, type FormEvent } from 'react';
import { type Category, type CreateIncidentBody, type IncidentSummary, incidents } from '../../../shared/incidents/contract.ts';
import { ApiError, call } from '../../platform/api.ts';

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
  }, [at?.[0], at?.[1], code]); // eslint-disable-line react-hooks/exhaustive-deps

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!at) return setError('请先在地图上点击事发位置');
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
      <h2>来电登记</h2>
      <p className={at ? 'picked' : 'muted'} data-testid="call-place">
        {at ? `位置 ${at[1].toFixed(5)}, ${at[0].toFixed(5)}` : '在地图上点击事发位置，或选择村居'}
      </p>
      <label>
        村居
        <select defaultValue="" onChange={(e) => e.target.value && onPlace(villages[Number(e.target.value)]!.centre)} data-testid="call-village">
          <option value="">（按村居定位）</option>
          {villages.map((v, i) => (
            <option key={v.name} value={i}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        事件类别
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
        事件描述
        <textarea name="description" required rows={3} />
      </label>
      <label>
        地址
        <input name="address" />
      </label>
      <div className="row2">
        <label>
          来电人
          <input name="callerName" />
        </label>
        <label>
          电话
          <input name="callerPhone" inputMode="tel" />
        </label>
      </div>
      <label>
        现场照片
        <input type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
      </label>
      {duplicates.length > 0 && (
        <div className="duplicates" data-testid="duplicates">
          附近24小时内同类事件 {duplicates.length} 件：{duplicates.map((d) => d.code).join('、')}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="row2">
        <button type="submit" disabled={busy}>
          登记上报
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
