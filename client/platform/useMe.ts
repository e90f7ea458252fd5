import { useEffect, useState } from 'react';
import type { Me } from '../../shared/auth/contract.ts';
import { ApiError, api, toLogin } from './api.ts';

/** The logged-in user; an anonymous visitor is sent to the login page. */
export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    api<Me>('/auth/me')
      .then(setMe)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) toLogin();
      });
  }, []);
  return me;
}
