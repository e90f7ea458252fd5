import { describe, expect, it } from 'vitest';
import { batchedLookup, batchedWrite } from './batched.ts';

describe('look-ups gathered into one statement (issue 20 #1)', () => {
  it('reads the keys asked in the same turn together, answers each its own, and null for what is not there', async () => {
    const calls: number[][] = [];
    const find = batchedLookup(async (keys: readonly number[]) => {
      calls.push([...keys]);
      return new Map(keys.filter((k) => k % 3 !== 0).map((k) => [k, `v${k}`]));
    });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(find));
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(answers).toEqual(['v1', 'v2', null, 'v4', 'v5', null]);
    // A later turn is a statement of its own, and nothing was kept from the first (the caller keeps).
    expect(await find(1)).toBe('v1');
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6], [1]]);
  });

  it('fails every look-up of a statement that failed, and the next ones go through', async () => {
    let down = true;
    const find = batchedLookup(async (keys: readonly string[]) => {
      if (down) throw new Error('database away');
      return new Map(keys.map((k) => [k, k.length]));
    });
    const failed = await Promise.allSettled([find('a'), find('bb')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down = false;
    expect(await Promise.all([find('a'), find('bb')])).toEqual([1, 2]);
  });

  it('gathers the keys asked while a statement is on its way into the next one', async () => {
    const calls: number[][] = [];
    let release: () => void = () => {};
    const find = batchedLookup(async (keys: readonly number[]) => {
      calls.push([...keys]);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
      return new Map(keys.map((k) => [k, k * 10]));
    });
    const first = find(1);
    await new Promise((r) => setImmediate(r)); // the first statement is on its way
    const later = [2, 3].map(find);
    await new Promise((r) => setTimeout(r, 20)); // turns of the event loop go by, and the keys wait
    expect(calls).toEqual([[1]]);
    const fourth = find(4);
    release();
    expect(await Promise.all([first, ...later, fourth])).toEqual([10, 20, 30, 40]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });
});

describe('writes by key gathered into one statement (issue 20)', () => {
  it('writes each key of a turn once, and answers every caller only after the write', async () => {
    const written: string[][] = [];
    let release: () => void = () => {};
    const mark = batchedWrite(async (keys: readonly string[]) => {
      written.push([...keys]);
      await new Promise<void>((r) => (release = r));
    });
    let answered = 0;
    const all = ['2026-11-30', '2026-11-29', '2026-11-30'].map((k) => mark(k).then(() => answered++));
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual([['2026-11-30', '2026-11-29']]);
    expect(answered).toBe(0);
    release();
    await Promise.all(all);
    expect(answered).toBe(3);
  });

  it('fails the callers of a write that failed', async () => {
    const mark = batchedWrite(async () => {
      throw new Error('database away');
    });
    expect((await Promise.allSettled([mark(1), mark(2)])).map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
