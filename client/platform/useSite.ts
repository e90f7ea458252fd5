import { useEffect, useState } from 'react';
import type { OnlineBasemap } from './map/basemapStyle.ts';
import { api } from './api.ts';

/** What the server is configured with for every page: the title, and an online basemap if the site has one. */
export interface Site {
  title: string;
  basemap: OnlineBasemap | null;
}

let site: Promise<Site> | null = null;
/** Asked once per page. */
export const loadSite = () => (site ??= api<Site>('/site'));

export function useSite(): Site | null {
  const [value, setValue] = useState<Site | null>(null);
  useEffect(() => {
    loadSite().then(setValue, () => undefined);
  }, []);
  return value;
}
