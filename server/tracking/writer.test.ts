// The group commit of positions (issue 20): many terminals' rows in one statement, each answered with its own.
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../platform/db/index.ts';
import { sampleFix } from './sampleFix.ts';
import type { PositionRow } from './store.ts';
import { PositionWriter } from './writer.ts';

const fix = (t: number) => sampleFix({ fixTime: new Date(t) });
const rows = (deviceId: number, ...times: number[]): PositionRow[] => times.map((t) => ({ deviceId, workerId: null, fix: fix(t), verdict: 'ok' }));

/** A database that holds (device, time) keys as the unique index does, and says how many statements it ran. */
function fakeDb(opts: { fail?: boolean } = {}) {
  const keys = new Set<string>();
  const statements: number[] = [];
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const db: Queryable = {
    async query<T>(_sql: string, params: readonly unknown[] = []) {
      await gate;
      const [devices, , times] = params as [number[], unknown, string[]];
      statements.push(devices.length);
      if (opts.fail) throw new Error('connection lost');
      const stored = devices.flatMap((d, i) => {
        const key = `${d}:${times[i]}`;
        if (keys.has(key)) return [];
        keys.add(key);
        return [{ device_id: d, fix_time: new Date(times[i]!) }];
      });
      return stored as T[];
    },
    exec: async () => {},
  };
  return {
    db,
    statements,
    hold() {
      gate = new Promise((r) => (release = r));
    },
    release: () => release(),
  };
}

describe('the positions writer', () => {
  it('sends the rows that gather while a statement is on its way together, and answers each terminal with its own', async () => {
    const f = fakeDb();
    const writer = new PositionWriter(f.db, 1);
    f.hold();
    const first = writer.append(rows(1, 1000));
    await new Promise((r) => setImmediate(r)); // its round is on its way
    const others = [writer.append(rows(2, 1000, 2000)), writer.append(rows(3, 1000)), writer.append(rows(1, 1000))];
    f.release();
    expect([...(await first)]).toEqual([1000]);
    const [two, three, again] = await Promise.all(others);
    expect([...two!]).toEqual([1000, 2000]);
    expect([...three!]).toEqual([1000]);
    expect([...again!]).toEqual([]); // already stored: a duplicate, not an error
    expect(f.statements).toEqual([1, 4]);
  });

  it('gathers the rows of one turn of the event loop, keeping a statement within its size, the rest going in the next', async () => {
    const f = fakeDb();
    const writer = new PositionWriter(f.db, 1, 0, 3);
    f.hold();
    const all = [writer.append(rows(1, 1)), writer.append(rows(2, 1, 2)), writer.append(rows(3, 1, 2)), writer.append(rows(4, 1, 2, 3, 4))];
    f.release();
    await Promise.all(all);
    expect(f.statements).toEqual([3, 2, 4]); // a terminal's rows are never split; one over the size goes alone
  });

  it('lets the first row of a round wait for the others when told to, though no statement is on its way', async () => {
    const f = fakeDb();
    const writer = new PositionWriter(f.db, 1, 30);
    const first = writer.append(rows(1, 1));
    await new Promise((r) => setTimeout(r, 10)); // later than a turn of the event loop, within the wait
    const second = writer.append(rows(2, 1));
    await Promise.all([first, second]);
    expect(f.statements).toEqual([2]);
  });

  it('refuses every terminal of a round that failed, so none is told its fixes are stored', async () => {
    const f = fakeDb({ fail: true });
    const writer = new PositionWriter(f.db, 1);
    f.hold();
    const a = writer.append(rows(1, 1));
    const b = writer.append(rows(2, 1));
    f.release();
    await expect(a).rejects.toThrow('connection lost');
    await expect(b).rejects.toThrow('connection lost');
  });
});
