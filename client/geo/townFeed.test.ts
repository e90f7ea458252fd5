import { EventEmitter } from 'node:events';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { coverage } from '../../shared/coverage/contract.ts';
import { geo } from '../../shared/geo/contract.ts';
import { SocketController } from '../platform/live/SocketController.ts';
import { createLiveStore } from '../platform/live/store.ts';
import { keyOf } from '../platform/useEndpoint.ts';
import { townChangedFeed } from './townFeed.ts';

describe('the town feed', () => {
  it('fetches the geo layers and the coverage again when the server says the town changed', async () => {
    (globalThis as { window?: object }).window ??= {};
    const socket = new EventEmitter();
    const controller = new SocketController(createLiveStore(), () => socket as unknown as Socket);
    const cache = new QueryClient();
    const fetched: string[] = [];
    // Each an active query, as a screen showing it holds one.
    const watch = (key: readonly unknown[]) =>
      new QueryObserver(cache, { queryKey: key, queryFn: () => fetched.push(String(key[1])), staleTime: Infinity }).subscribe(() => undefined);
    for (const e of [geo.grids, geo.targets, coverage.summary]) watch(keyOf(e));
    await expect.poll(() => fetched.length).toBe(3);
    controller.start(townChangedFeed(cache));
    socket.emit('town:changed', {});
    await expect.poll(() => fetched.length).toBe(6);
    expect(fetched.slice(3).sort()).toEqual(['/coverage/summary', '/geo/grids', '/geo/targets']);
    expect(cache.getQueryState(keyOf(geo.grids))?.isInvalidated).toBe(false);
  });
});
