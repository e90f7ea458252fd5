import type { Translate } from '../../platform/i18n.ts';
import type { Position } from './usePosition.ts';

/**
 * The phone's position for "nearest first" lists, rounded to about 100 m so that every small move of the
 * GPS does not ask the server again.
 */
export function nearQuery(p: Position | null): { lat?: number; lon?: number } {
  if (!p) return {};
  return { lat: Math.round(p.lat * 1000) / 1000, lon: Math.round(p.lon * 1000) / 1000 };
}

/** "120 米" / "1.4 公里" away, or nothing when the list was not sorted by distance. */
export function distanceText(t: Translate, m: number | null | undefined): string {
  if (m === null || m === undefined) return '';
  return m < 1000 ? t('field.metres', { n: Math.round(m) }) : t('field.km', { n: (m / 1000).toFixed(1) });
}
