import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AnswerOf, Endpoint } from '../../../shared/core/contract.ts';
import { type CallArgs, call } from '../../platform/api.ts';
import { keyOf } from '../../platform/useEndpoint.ts';

/**
 * A GET answer for the field app, from the page's one cache. Asked even when the browser says it is offline
 * (`networkMode: 'always'`): the service worker then answers with the last answer it kept, so that the
 * worker's lists are there in a village without signal.
 */
export function useFieldData<E extends Endpoint>(e: E, args: CallArgs<E> | null, opts: { everyMs?: number } = {}) {
  const q = useQuery({
    queryKey: keyOf(e, args ?? {}),
    queryFn: () => call(e, args ?? {}),
    enabled: args !== null,
    refetchInterval: opts.everyMs,
    networkMode: 'always',
    placeholderData: keepPreviousData,
  });
  return { data: (q.data as AnswerOf<E> | undefined) ?? null, error: q.error as Error | null, loading: q.isPending && args !== null };
}
