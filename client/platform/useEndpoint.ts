import { QueryClient, keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AnswerOf, Endpoint } from '../../shared/core/contract.ts';
import { type CallArgs, call, urlOf } from './api.ts';

/** The page's one cache of answers: screens asking the same endpoint with the same arguments share it. */
export const queryClient = new QueryClient({
  defaultOptions: {
    // A failed round is tried again at the next interval; the connection badge tells of outages.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});

/** The cache key of a call: its path with parameters and its query, the same for every screen. */
export const keyOf = <E extends Endpoint>(e: E, args: CallArgs<E> = {}) => [e.method, urlOf(e, { params: args.params }), args.query ?? {}] as const;

/**
 * A GET answer from the shared cache, refreshed every `everyMs` if given (figures that change slowly:
 * visits, heat map); null until loaded, or while `args` is null (not asked).
 */
export function useEndpoint<E extends Endpoint>(e: E, args: CallArgs<E> | null, opts: { everyMs?: number } = {}): AnswerOf<E> | null {
  const q = useQuery({
    queryKey: keyOf(e, args ?? {}),
    queryFn: () => call(e, args ?? {}),
    enabled: args !== null,
    refetchInterval: opts.everyMs,
    // As before: the last answer stays on screen while the next (another day, another squad) loads.
    placeholderData: keepPreviousData,
  });
  return (q.data as AnswerOf<E> | undefined) ?? null;
}
