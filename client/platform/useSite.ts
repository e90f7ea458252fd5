import { useEffect, useState } from 'react';
import { type Site, platform } from '../../shared/core/contract.ts';
import { call } from './api.ts';

export type { Site };

let site: Promise<Site> | null = null;
/** Asked once per page. */
export const loadSite = () => (site ??= call(platform.site));

export function useSite(): Site | null {
  const [value, setValue] = useState<Site | null>(null);
  useEffect(() => {
    loadSite().then(setValue, () => undefined);
  }, []);
  return value;
}
