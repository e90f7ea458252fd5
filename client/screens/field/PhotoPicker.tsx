// Photos from the camera (<input type=file accept=image/* capture>), made smaller on the phone before they
// are queued; a file the phone cannot read as an image is refused at once, with the reason.
import { useEffect, useMemo, useState } from 'react';
import { shrinkPhoto } from '../../field/photo.ts';
import { useT } from '../../platform/i18n.ts';

/** At most this many photos for one report or one check. */
export const MAX_PHOTOS = 9;

export function PhotoPicker({ photos, onChange }: { photos: Blob[]; onChange: (photos: Blob[]) => void }) {
  const { t } = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );

  async function add(files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    const next = [...photos];
    for (const f of [...files].slice(0, MAX_PHOTOS - photos.length)) {
      try {
        next.push(await shrinkPhoto(f));
      } catch {
        setError(t('field.photo.notImage', { name: f.name }));
      }
    }
    onChange(next);
    setBusy(false);
  }

  return (
    <div className="field-label">
      {t('field.photo.title', { n: photos.length })}
      <div className="field-photos">
        {urls.map((u, i) => (
          <figure key={u}>
            <img src={u} alt={t('field.photo.one', { n: i + 1 })} />
            <button type="button" aria-label={t('field.remove')} onClick={() => onChange(photos.filter((_, k) => k !== i))}>
              ×
            </button>
          </figure>
        ))}
        {photos.length < MAX_PHOTOS && (
          <label className="field-photo-add">
            <input
              type="file"
              accept="image/*"
              capture="environment"
              multiple
              data-testid="photo-input"
              onChange={(e) => {
                void add(e.target.files);
                e.target.value = '';
              }}
            />
            {busy ? '…' : t('field.photo.take')}
          </label>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
