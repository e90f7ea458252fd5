import { useState } from 'react';
import type { z } from 'zod';
import { type PackageCounts, town } from '../../../shared/town/contract.ts';
import { call } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';

/**
 * A first start without the demo (SEED_DEMO=false, issue 17): the town's name and code, then its package —
 * the zip an export writes (layers, households, 名册.xlsx). The server checks the package is that town's.
 */
export function FirstTown() {
  const { t } = useT();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<z.infer<typeof PackageCounts> | null>(null);
  const codeOk = /^\d{9}$/.test(code);

  async function load() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await call(town.load, { query: { code }, raw: new Blob([file], { type: 'application/zip' }) }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <section className="first-town" data-testid="first-town-done">
        <h2>{t('admin.first.done', { name })}</h2>
        <p>{t('admin.first.counts', done)}</p>
        <button type="button" onClick={() => location.assign('/admin')}>
          {t('admin.first.onward')}
        </button>
      </section>
    );
  return (
    <section className="first-town" data-testid="first-town">
      <h2>{t('admin.first.title')}</h2>
      <p className="first-town-hint">{t('admin.first.why')}</p>
      <ol>
        <li className="first-town-step">
          <label>
            {t('admin.first.name')} <input value={name} onChange={(e) => setName(e.target.value)} placeholder="西岗镇" />
          </label>
          <label>
            {t('admin.first.code')}{' '}
            <input value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder="370481106" inputMode="numeric" maxLength={9} />
          </label>
          {code && !codeOk && <span className="first-town-bad">{t('admin.first.codeBad')}</span>}
        </li>
        <li className="first-town-step">
          <label>
            {t('admin.first.file')} <input type="file" accept=".zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} disabled={!codeOk || !name} />
          </label>
          <p className="first-town-hint">{t('admin.first.fileHint')}</p>
        </li>
      </ol>
      {error && (
        <p className="first-town-bad" role="alert">
          {error}
        </p>
      )}
      <button type="button" disabled={!file || !codeOk || !name || busy} onClick={load}>
        {busy ? t('loading') : t('admin.first.load')}
      </button>
    </section>
  );
}
