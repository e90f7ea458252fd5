// The cluster bus on a real Redis: a moment's events share one stream entry (issue 20 #7), in order, and a
// publisher is answered once its event is on the stream.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ClusterBus, type ClusterEvent } from '../../server/platform/cluster/bus.ts';
import { startRedis, type Service } from './harness.ts';

let redis: Service;
let bus: ClusterBus;
let reader: Redis;

beforeAll(async () => {
  redis = await startRedis();
  // Longer than the servers' BUS_GATHER_MS, so that a busy machine's turns still fall in one gathering.
  bus = new ClusterBus(`redis://127.0.0.1:${redis.port}`, 'bus-test', { prefix: 'bt', gatherMs: 200 });
  await bus.start({ apply: () => {}, resync: async () => {} });
  reader = new Redis(`redis://127.0.0.1:${redis.port}`);
});
afterAll(async () => {
  reader?.disconnect();
  await bus?.close();
  await redis?.stop();
});

it('writes the events of a few milliseconds, each published in a turn of its own, as one stream entry, in order', async () => {
  const events: ClusterEvent[] = Array.from({ length: 20 }, (_, i) => ({ k: 'fixes', deviceId: i, ref: null, fixes: [[i, 117, 35, null, null, null]] }));
  const answered: Promise<void>[] = [];
  for (const e of events) {
    answered.push(bus.publish(e));
    await new Promise((r) => setImmediate(r)); // a turn of the event loop between them, as requests come
  }
  await Promise.all(answered);
  const entries = (await reader.xrange('bt:events', '-', '+')) as [string, string[]][];
  expect(entries.length).toBe(1);
  expect(entries.flatMap(([, f]) => JSON.parse(f[3]!) as ClusterEvent[])).toEqual(events);
});
