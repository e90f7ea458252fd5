// The live feed's ring of recent deltas (issue 20): bounded by the workers' updates it holds, so that a
// city's phones cannot fill the heap with deltas nobody will ask for; a client behind that gets a snapshot.
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { LIVE_STATUS } from '../../shared/tracking/rules.ts';
import type { LiveDelta } from '../../shared/tracking/live.ts';
import { LiveFeed, RING_UPDATES, SWEEP_MS } from './feed.ts';
import { LiveState } from './live.ts';
import { sampleFix } from './sampleFix.ts';

const WORKERS = Math.ceil(RING_UPDATES / 2) + 1; // two flushes of all of them are over the bound

function joined(feed: LiveFeed, since: number) {
  const got: string[] = [];
  const socket = { handshake: { auth: { since, node: feed.nodeId } }, emit: (event: string) => got.push(event) } as unknown as Socket;
  feed.welcome(socket, { squadId: null, gridId: null });
  return got;
}

describe('the live feed', () => {
  it('keeps deltas only up to RING_UPDATES workers’ updates: a client further behind is sent a snapshot', () => {
    const live = new LiveState();
    const feed = new LiveFeed(live, { publish: () => {}, sessionsEnded: async () => {} });
    const now = Date.now();
    const seq0 = feed.seq;
    for (let round = 1; round <= 3; round++) {
      for (let w = 1; w <= WORKERS; w++)
        live.apply({ workerId: w, squadId: 1, gridId: w }, [sampleFix({ fixTime: new Date(now - 60_000 + round * 1000), lat: 35 + w * 1e-5 })], now);
      feed.flush(now);
    }
    expect(feed.seq).toBe(seq0 + 3);
    // The last delta alone is within the bound: a client that saw the second is resumed with it.
    expect(joined(feed, seq0 + 2)).toEqual(['live:delta', 'live:resumed']);
    // The first two deltas are gone (three rounds of WORKERS updates are over RING_UPDATES).
    expect(joined(feed, seq0 + 1)).toEqual(['live:snapshot']);
    expect(joined(feed, seq0)).toEqual(['live:snapshot']);
  });

  it('judges statuses again once a SWEEP_MS, not at every flush: a silent phone goes offline within a second', () => {
    const live = new LiveState();
    const sent: LiveDelta[] = [];
    const feed = new LiveFeed(live, {
      publish: (_e, part) => void sent.push(part({ squadId: null, gridId: null }) as LiveDelta),
      sessionsEnded: async () => {},
    });
    const t = Date.now();
    // A fix 100 ms short of the offline threshold, as the first flush (and sweep) sees it.
    live.apply({ workerId: 1, squadId: 1, gridId: 1 }, [sampleFix({ fixTime: new Date(t - LIVE_STATUS.offlineMs + 100) })], t);
    feed.flush(t);
    expect(sent.map((d) => d.workers[0]!.status)).toEqual(['idle']);
    feed.flush(t + SWEEP_MS / 2); // offline is due, but the last sweep was half a second ago
    expect(sent).toHaveLength(1);
    feed.flush(t + SWEEP_MS);
    expect(sent.map((d) => d.workers[0]!.status)).toEqual(['idle', 'offline']);
  });
});
