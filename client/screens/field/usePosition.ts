import { useEffect, useRef, useState } from 'react';
import { field } from '../../../shared/field/contract.ts';
import { FixBuffer, waitOf } from '../../field/fixes.ts';
import { ApiError, call } from '../../platform/api.ts';

export interface Position {
  lat: number;
  lon: number;
  accuracy: number;
  at: number;
}

/** How often fixes taken while the app is open are sent, and how many are kept while they cannot be. */
const SEND_EVERY_MS = 30_000;
const SHARE_KEY = 'field.sharePosition';

export const sharesPosition = () => localStorage.getItem(SHARE_KEY) !== 'false';
export const setSharesPosition = (on: boolean) => localStorage.setItem(SHARE_KEY, String(on));

/**
 * The phone's position while the app is open (browser geolocation), and — unless the worker turned it off —
 * its fixes sent through the native door of the worker's terminal (POST /field/positions) every 30 s;
 * fixes that cannot be sent wait in memory for the next round, and a 429 of the door's budget is waited out
 * for as long as its Retry-After says (client/field/fixes.ts).
 */
export function usePosition(): { position: Position | null; error: string | null } {
  const [position, setPosition] = useState<Position | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new FixBuffer());

  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setError('no geolocation');
      return;
    }
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        const fix = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy, at: p.timestamp };
        setPosition(fix);
        setError(null);
        if (sharesPosition()) {
          pending.current.push({
            deviceTime: new Date(p.timestamp).toISOString(),
            lat: fix.lat,
            lon: fix.lon,
            accuracy: fix.accuracy,
            ...(p.coords.speed !== null ? { speed: p.coords.speed } : {}),
            ...(p.coords.heading !== null && !Number.isNaN(p.coords.heading) ? { heading: p.coords.heading } : {}),
          });
        }
      },
      (e) => setError(e.message),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    const timer = setInterval(() => {
      if (!navigator.onLine) return;
      const fixes = pending.current.take(Date.now());
      if (!fixes) return;
      // A fix already stored is a duplicate on the server, so a batch sent twice does no harm.
      call(field.positions, { body: { fixes } }).catch((e: unknown) => {
        pending.current.giveBack(fixes, Date.now(), e instanceof ApiError && e.status === 429 ? waitOf(e.details) : null);
      });
    }, SEND_EVERY_MS);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
    };
  }, []);
  return { position, error };
}
