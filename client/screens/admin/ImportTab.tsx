import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { shanghaiDay } from '../../../shared/core/time.ts';
import { type FilePreview, type ImportPlan, type Revision, town } from '../../../shared/town/contract.ts';
import { boundsOf, useGeo } from '../../geo/useGeo.ts';
import { ApiError } from '../../platform/api.ts';
import { useT } from '../../platform/i18n.ts';
import { MapView } from '../../platform/map/MapView.tsx';
import { keyOf, queryClient, useEndpoint } from '../../platform/useEndpoint.ts';
import { CHANGE_COLOURS, css } from '../../town/changeColours.ts';
import { changeLayer } from '../../town/changeLayer.ts';
import { currentGridLayer } from '../../town/currentGridLayer.ts';
import { problemLayer } from '../../town/problemLayer.ts';
import { type ColumnParam, type Columns, IMPORT_KINDS, type ImportKind } from '../../../shared/town/mapping.ts';
import { applyFile, type FileChoice, previewFile } from '../../town/townFile.ts';
import { PlanPanel } from './PlanPanel.tsx';
import { RevisionTable } from './RevisionTable.tsx';

/** The files the import reads (server/town/read.ts). */
const ACCEPT = '.zip,.geojson,.json,.kml,.kmz,.xlsx,.csv';
type CrsMode = '' | 'gcj02' | 'bd09' | 'epsg';
const KINDS = Object.keys(IMPORT_KINDS) as ImportKind[];
/** The kinds whose file may hold part of the layer, the rest kept (part=true). */
const PARTIAL_KINDS: readonly ImportKind[] = ['grids', 'villages', 'squads', 'roads', 'targets'];
/** The columns a kind is read with: what it needs, then what it may have. */
const columnsOf = (kind: ImportKind): ColumnParam[] => [...IMPORT_KINDS[kind].required, ...IMPORT_KINDS[kind].optional];
type Layer = FilePreview['layers'][number];

/**
 * The town import (issue 17, R1–R4): a file is read as soon as it is chosen (its layers, fields and
 * coordinates), its grid layer previewed against today's grids on the map with its problems, then applied
 * as a revision from today after a confirmation; the list of imports below.
 */
export function ImportTab() {
  const { t } = useT();
  const { data: geo } = useGeo();
  const revisions = useEndpoint(town.revisions, {});
  const [file, setFile] = useState<File | null>(null);
  const [crsMode, setCrsMode] = useState<CrsMode>('');
  const [epsg, setEpsg] = useState('');
  // null while the EPSG code is not yet a code.
  const crs = crsMode === 'epsg' ? (/^\d{4,6}$/.test(epsg) ? `EPSG:${epsg}` : null) : crsMode;
  const [read, setRead] = useState<FilePreview | null>(null);
  const [layerName, setLayerName] = useState<string | undefined>();
  const [kind, setKind] = useState<ImportKind | null>(null);
  const [columns, setColumns] = useState<Columns>({});
  const [part, setPart] = useState(false);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [busy, setBusy] = useState<'reading' | 'previewing' | 'applying' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [applied, setApplied] = useState<Revision | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  // The file is read again when it or its coordinates change; what was previewed of it no longer holds.
  useEffect(() => {
    setRead(null);
    setPlan(null);
    setError(null);
    if (!file || crs === null) return;
    let current = true;
    setBusy('reading');
    previewFile({ file, crs, kind: null, columns: {}, part: false })
      .then((r) => {
        if (!current) return;
        setRead(r);
        setLayerName(r.layers.length === 1 ? r.layers[0]!.name : undefined);
      })
      .catch((e: Error) => current && setError(e))
      .finally(() => current && setBusy(null));
    return () => {
      current = false;
    };
  }, [file, crs]);

  const layer: Layer | undefined = read?.layers.find((l) => l.name === layerName);
  // A layer's kind and columns are taken from what the server suggests or remembers for its shape.
  const mapping = layer?.mapping ?? null;
  useEffect(() => {
    setKind(mapping?.kind ?? null);
    setColumns(mapping ? Object.fromEntries(columnsOf(mapping.kind).flatMap((c) => (mapping[c] ? [[c, mapping[c]]] : []))) : {});
    setPlan(null);
  }, [mapping]);

  const choice: FileChoice | null =
    file && crs !== null && layer && kind && IMPORT_KINDS[kind].required.every((c) => columns[c])
      ? { file, crs, layer: layer.name, kind, columns, part }
      : null;
  const changed = (f: () => void) => {
    f();
    setPlan(null);
  };

  const preview = () => {
    if (!choice) return;
    setBusy('previewing');
    setError(null);
    setApplied(null);
    previewFile(choice)
      .then((r) => {
        setPlan(r.plan ?? null);
        setSelected(null);
      })
      .catch(setError)
      .finally(() => setBusy(null));
  };

  const apply = () => {
    if (!choice?.kind) return;
    setBusy('applying');
    setError(null);
    applyFile({ ...choice, kind: choice.kind })
      .then((rev) => {
        setApplied(rev);
        setPlan(null);
        void queryClient.invalidateQueries({ queryKey: keyOf(town.revisions) });
      })
      .catch((e: Error) => {
        setError(e);
        // The town changed since the preview: what now stops it is shown as the problems.
        if (e instanceof ApiError && e.code === 'import_blocked' && plan) setPlan({ ...plan, blocked: true, problems: e.details as ImportPlan['problems'] });
      })
      .finally(() => setBusy(null));
  };

  // Errors first, then warnings, each in the file's order.
  // The preview shows what changes, not the whole town: a redrawn grid is a few hundred metres.
  const changedBounds = useMemo(() => (plan?.changes.features.length ? boundsOf(plan.changes as FeatureCollection) : null), [plan]);
  const problems = useMemo(
    () => [...(plan?.problems ?? [])].sort((a, b) => (a.severity === b.severity ? a.feature - b.feature : a.severity === 'error' ? -1 : 1)),
    [plan],
  );
  const layers = useMemo(
    () => (geo ? [currentGridLayer(geo.grids), ...(plan ? [changeLayer(plan.changes), problemLayer(problems, selected, 6)] : [])] : []),
    [geo, plan, problems, selected],
  );
  const focus = selected === null ? null : (problems[selected]?.at ?? null);

  return (
    <div className="import">
      <section className="import-form" aria-label={t('admin.tab.import')}>
        <h2>{t('admin.import.stepFile')}</h2>
        <div className="field">
          <span>{t('admin.import.file')}</span>
          {/* The browser's own button speaks the browser's language: this one the page's. */}
          <label className="file-button">
            <input
              type="file"
              accept={ACCEPT}
              data-testid="import-file"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setApplied(null);
              }}
            />
            <span className="button">{t('admin.import.chooseFile')}</span>
            <span className="file-name">{file?.name ?? t('admin.import.noFile')}</span>
          </label>
          <small>{t('admin.import.fileHint')}</small>
        </div>
        <label className="field">
          <span>{t('admin.import.crs')}</span>
          <span className="row">
            <select value={crsMode} onChange={(e) => setCrsMode(e.target.value as CrsMode)} data-testid="import-crs">
              <option value="">{t('admin.import.crsAuto')}</option>
              <option value="gcj02">{t('admin.import.crsGcj02')}</option>
              <option value="bd09">{t('admin.import.crsBd09')}</option>
              <option value="epsg">{t('admin.import.crsEpsg')}</option>
            </select>
            {crsMode === 'epsg' && (
              <input
                inputMode="numeric"
                placeholder={t('admin.import.epsgCode')}
                aria-label={t('admin.import.epsgCode')}
                value={epsg}
                onChange={(e) => setEpsg(e.target.value.trim())}
                className="epsg"
              />
            )}
          </span>
          <small>{t('admin.import.crsHint')}</small>
        </label>
        {busy === 'reading' && <p className="muted">{t('admin.import.reading')}</p>}
        {error && (
          <p className="admin-error" role="alert" data-testid="import-error">
            {error.message}
          </p>
        )}

        {read && (
          <>
            <h2>{t('admin.import.stepLayer')}</h2>
            <label className="field">
              <span>{t('admin.import.layer')}</span>
              <select value={layerName ?? ''} onChange={(e) => setLayerName(e.target.value || undefined)} data-testid="import-layer">
                {read.layers.length > 1 && <option value="">{t('admin.import.chooseLayer')}</option>}
                {read.layers.map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {layer && (
              <>
                <p className="muted" data-testid="import-layer-info">
                  {t('admin.import.layerInfo', {
                    features: layer.features,
                    types: Object.entries(layer.geometryTypes)
                      .map(([type, n]) => `${type} ${n}`)
                      .join(t('listSeparator')),
                    crs: layer.crs,
                  })}
                </p>
                <Sample layer={layer} />
                <label className="field inline">
                  <span>{t('admin.import.kind')}</span>
                  <select
                    value={kind ?? ''}
                    data-testid="import-kind"
                    onChange={(e) =>
                      changed(() => {
                        setKind((e.target.value || null) as ImportKind | null);
                        setColumns({});
                      })
                    }
                  >
                    <option value="">{t('admin.import.kindNone')}</option>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`admin.import.kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {kind && (
                  <div className="mapping" data-testid="import-mapping">
                    {columnsOf(kind).map((k) => (
                      <label key={k} className="field inline">
                        <span>
                          {t(
                            kind === 'grids' && (k === 'codeField' || k === 'nameField' || k === 'classField')
                              ? `admin.import.${k}`
                              : `admin.import.column.${k}`,
                          )}
                          {(IMPORT_KINDS[kind].required as readonly ColumnParam[]).includes(k) ? ' *' : ''}
                        </span>
                        <select
                          value={columns[k] ?? ''}
                          data-testid={`import-${k}`}
                          onChange={(e) => changed(() => setColumns({ ...columns, [k]: e.target.value || undefined }))}
                        >
                          <option value="">{t('admin.import.noField')}</option>
                          {layer.fields.map((f) => (
                            <option key={f} value={f}>
                              {f}
                            </option>
                          ))}
                        </select>
                      </label>
                    ))}
                    {mapping && mapping.kind === kind && (
                      <small data-testid="import-mapping-source">{mapping.remembered ? t('admin.import.remembered') : t('admin.import.guessed')}</small>
                    )}
                    {PARTIAL_KINDS.includes(kind) && (
                      <label className="check">
                        <input type="checkbox" checked={part} onChange={(e) => changed(() => setPart(e.target.checked))} data-testid="import-part" />
                        {t(kind === 'grids' ? 'admin.import.part' : kind === 'targets' ? 'admin.import.partTargets' : 'admin.import.partLayer')}
                      </label>
                    )}
                  </div>
                )}
                <button type="button" className="primary" disabled={!choice || busy !== null} onClick={preview} data-testid="import-preview">
                  {busy === 'previewing' ? t('admin.import.previewing') : t('admin.import.preview')}
                </button>
              </>
            )}
          </>
        )}
      </section>

      <section className="import-map">
        {geo && <MapView basemap={geo} layers={layers} bounds={boundsOf(geo.boundary)} focus={focus} fit={changedBounds} />}
        <ul className="import-legend" data-testid="import-legend">
          <li>
            <i className="swatch current" />
            {t('admin.import.current')}
            {plan && <b>{plan.counts.unchanged}</b>}
          </li>
          {(['added', 'changed', 'removed'] as const).map((k) => (
            <li key={k} data-change={k}>
              <i className="swatch" style={{ background: css(CHANGE_COLOURS[k]) }} />
              {t(`admin.import.${k}`)}
              {plan && <b>{plan.counts[k]}</b>}
            </li>
          ))}
        </ul>
      </section>

      <PlanPanel
        plan={plan}
        problems={problems}
        selected={selected}
        onSelect={setSelected}
        applied={applied}
        busy={busy === 'applying'}
        today={shanghaiDay(Date.now())}
        onApply={apply}
      />

      <RevisionTable revisions={revisions} />
    </div>
  );
}

/** The layer's first rows, to see which column holds what. */
function Sample({ layer }: { layer: Layer }) {
  const { t } = useT();
  if (!layer.sample.length) return null;
  return (
    <details className="sample" open>
      <summary>{t('admin.import.sample')}</summary>
      <div className="sample-table">
        <table>
          <thead>
            <tr>
              {layer.fields.map((f) => (
                <th key={f}>{f}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {layer.sample.slice(0, 3).map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the sample's rows have no key of their own
              <tr key={i}>
                {layer.fields.map((f) => (
                  <td key={f}>{String(row[f] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
