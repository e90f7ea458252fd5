import { useEffect, useState } from 'react';
import { api } from './api.ts';

/** A GET answer refreshed every `everyMs` (figures that change slowly: visits, heat map); null until loaded. */
export function usePolled<T>(path: string | null, everyMs: number): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!path) return;
    let stop = false;
    const load = () =>
      api<T>(path)
        .then((v) => !stop && setValue(v))
        .catch(() => undefined); // the next round tries again; the connection badge tells of outages
    void load();
    const id = setInterval(load, everyMs);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, [path, everyMs]);
  return value;
}
