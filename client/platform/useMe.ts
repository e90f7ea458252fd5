import { useEffect, useState } from 'react';
import { type Me, auth } from '../../shared/auth/contract.ts';
import { ApiError, call, toLogin } from './api.ts';

/** The logged-in user; an anonymous visitor is sent to the login page. */
export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    call(auth.me)
      .then(setMe)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) toLogin();
      });
  }, []);
  return me;
}
