import type { QueryClient } from '@tanstack/react-query';
import type { LiveFeed } from '../platform/live/SocketController.ts';
import { queryClient } from '../platform/useEndpoint.ts';

/**
 * The town was redrawn (an import applied, issue 17): the server says `town:changed` once it has reloaded
 * it. Every answer the page holds was read of the old town — its layers, today's coverage by grid, the
 * households' grids — so all of them are fetched again (the active ones now, the others when next shown).
 * The live coverage store reloads by itself: the server sends it a delta of no day.
 */
export const townChangedFeed = (cache: QueryClient): LiveFeed => ({
  name: 'town',
  on: {
    'town:changed': () => void cache.invalidateQueries(),
  },
});

export const townFeed = townChangedFeed(queryClient);
