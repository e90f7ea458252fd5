import { describe, expect, it } from 'vitest';
import { FixBuffer, KEEP_FIXES, waitOf } from './fixes.ts';
import { fittedSize } from './photo.ts';
import {
  adopt,
  afterAnswer,
  backoffMs,
  blockedBy,
  classify,
  type Entry,
  fill,
  fillPath,
  forAccount,
  newEntry,
  nextSeq,
  nextToSend,
  ref,
  resend,
  retryAfterMs,
  tally,
} from './queue.ts';

const T0 = 1_800_000_000_000;
const entry = (id: string, seq: number, more: Partial<Entry> = {}): Entry => ({
  ...newEntry({ id, kind: 'visit', label: id, path: '/field/visits', body: { clientRef: id } }, seq, T0),
  ...more,
});

describe('how an answer decides an entry (issue 18: nothing typed is ever lost)', () => {
  it('drops what the server stored, retries what the network or the server lost, keeps what it refused', () => {
    expect(classify(201)).toBe('done');
    expect(classify(200)).toBe('done'); // a repeated clientRef answers the stored write
    expect(classify(null)).toBe('retry'); // no answer at all: offline, or cut off
    for (const s of [408, 425, 429, 500, 502, 503]) expect(classify(s)).toBe('retry');
    expect(classify(401)).toBe('login');
    expect(classify(409)).toBe('conflict');
    for (const s of [400, 403, 404, 413, 415, 422]) expect(classify(s)).toBe('failed');
  });

  it('backs off 1, 2, 4 … seconds up to a minute', () => {
    expect([1, 2, 3, 4, 7, 20].map(backoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
  });

  it('marks a refused entry failed with the reason and keeps it; a retried one waits its back-off', () => {
    const e = entry('a', 1);
    const failed = afterAnswer(e, 'failed', 'no household 999', T0)!;
    expect(failed).toMatchObject({ id: 'a', state: 'failed', reason: 'no household 999', body: { clientRef: 'a' } });
    expect(afterAnswer(e, 'conflict', 'already verified', T0)!.state).toBe('conflict');
    const retry = afterAnswer(e, 'retry', 'offline', T0)!;
    expect(retry).toMatchObject({ state: 'waiting', attempts: 1, notBefore: T0 + 1_000 });
    expect(afterAnswer(retry, 'retry', 'offline', T0)!.notBefore).toBe(T0 + 2_000);
    expect(afterAnswer(e, 'login', 'session over', T0)).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(afterAnswer(e, 'done', '', T0)).toBeNull();
    expect(resend(failed, T0 + 5)).toMatchObject({ state: 'waiting', attempts: 0, notBefore: T0 + 5 });
  });
});

describe('what goes next', () => {
  it('sends the oldest waiting entry whose time has come', () => {
    const q = [entry('c', 3), entry('a', 1, { notBefore: T0 + 10_000 }), entry('b', 2)];
    expect(nextToSend(q, T0)?.id).toBe('b');
    expect(nextToSend(q, T0 + 10_000)?.id).toBe('a');
    expect(nextToSend([entry('x', 1, { state: 'failed' })], T0)).toBeNull();
  });

  it('holds a photo until its incident has reached the server, and says what holds it', () => {
    const incident = entry('inc', 1, { kind: 'incident', path: '/incidents' });
    const photo = entry('p1', 2, { kind: 'photo', path: `/incidents/${ref('inc', 'id')}/attachments`, after: ['inc'] });
    const resolve = entry('r', 3, { kind: 'action', after: ['p1'] });
    const later = entry('v', 4);
    expect(nextToSend([photo, incident, resolve, later], T0)?.id).toBe('inc');
    // The incident refused: its photo and the resolution wait for the worker; other writes go on.
    const refused = { ...incident, state: 'failed' as const };
    expect(nextToSend([refused, photo, resolve, later], T0)?.id).toBe('v');
    expect(blockedBy([refused, photo, resolve], resolve)?.id).toBe('inc');
    // Once the incident has left the queue (stored), the photo goes.
    expect(nextToSend([photo, resolve], T0)?.id).toBe('p1');
    expect(blockedBy([photo, resolve], photo)).toBeNull();
  });

  it('fills a later entry with what the earlier answers gave', () => {
    const results = { inc: { id: 42, version: 3 }, p1: { id: 7 } };
    expect(fillPath(`/incidents/${ref('inc', 'id')}/actions`, results)).toBe('/incidents/42/actions');
    expect(fillPath(`/incidents/${ref('zzz', 'id')}/actions`, results)).toBeNull();
    expect(fill({ action: 'resolve_on_spot', version: ref('inc', 'version'), photoIds: [ref('p1', 'id')], note: 'x' }, results)).toEqual({
      action: 'resolve_on_spot',
      version: 3,
      photoIds: [7],
      note: 'x',
    });
    expect(fill({ version: ref('inc', 'nothing') }, results)).toBeNull();
    expect(fill({ text: 'not {ref:a reference}' }, {})).toEqual({ text: 'not {ref:a reference}' });
  });

  it('counts what the header tells', () => {
    const q = [entry('a', 1), entry('b', 2, { state: 'failed' }), entry('c', 3), entry('d', 4, { state: 'conflict' })];
    expect(tally(q)).toEqual({ waiting: 2, failed: 1, conflict: 1 });
    expect(nextSeq(q)).toBe(5);
    expect(nextSeq([])).toBe(1);
  });
});

describe('a photo made smaller before it is queued', () => {
  it('keeps a small photo as it is and scales a large one to 1600 px on its long side', () => {
    expect(fittedSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fittedSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fittedSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
  });
});

describe('one phone, two workers: the queue is kept per account (issue 18, R40: every write attributable to its author)', () => {
  const A = 11;
  const B = 12;
  const of = (id: string, seq: number, account: number | undefined, more: Partial<Entry> = {}) => ({ ...entry(id, seq, more), account });

  it('shows and sends only the logged-in account’s entries; the other’s wait, kept and counted', () => {
    const phone = [of('a1', 1, A), of('b1', 2, B), of('a2', 3, A, { state: 'failed' }), of('b2', 4, B)];
    const asB = forAccount(phone, B);
    expect(asB.mine.map((e) => e.id)).toEqual(['b1', 'b2']);
    expect(asB.others).toBe(2);
    expect(tally(asB.mine)).toEqual({ waiting: 2, failed: 0, conflict: 0 });
    // B sends B's oldest, never A's, though A's is older.
    expect(nextToSend(asB.mine, T0)?.id).toBe('b1');
    // B's entries gone to the server, A's are all still on the phone; A logs in again and they go.
    const later = phone.filter((e) => e.account === A);
    const asA = forAccount(later, A);
    expect(asA).toMatchObject({ others: 0 });
    expect(asA.mine.map((e) => e.id)).toEqual(['a1', 'a2']);
    expect(nextToSend(asA.mine, T0)?.id).toBe('a1');
    // Nobody's entry sends for an account that is neither.
    expect(forAccount(phone, 99)).toEqual({ mine: [], others: 4 });
  });

  it('stamps a new entry with its account; entries from before accounts were told apart are adopted by the next login', () => {
    expect(newEntry({ id: 'x', kind: 'visit', label: 'x', path: '/field/visits' }, 1, T0, A).account).toBe(A);
    const old = [of('o1', 1, undefined), of('b1', 2, B)];
    expect(adopt(old, A)).toEqual([{ ...old[0], account: A }]);
    expect(forAccount(old, A).mine).toEqual([]); // not shown until adopted (and stored so)
  });
});

describe('a server that says when to come back (Retry-After)', () => {
  it('reads seconds or an HTTP date, capped at an hour', () => {
    expect(retryAfterMs('7', T0)).toBe(7_000);
    expect(retryAfterMs(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(retryAfterMs('99999', T0)).toBe(3_600_000);
    expect(retryAfterMs(null, T0)).toBeNull();
    expect(retryAfterMs('soon', T0)).toBeNull();
  });

  it('keeps a throttled entry waiting, not failed, until the time the server gave (a 429 never jams the queue)', () => {
    const e = entry('a', 1);
    const v = classify(429);
    expect(v).toBe('retry');
    const waiting = afterAnswer(e, v, 'rate_limited', T0, 8_000)!;
    expect(waiting).toMatchObject({ state: 'waiting', notBefore: T0 + 8_000 });
    expect(nextToSend([waiting, entry('b', 2)], T0 + 1_000)?.id).toBe('b'); // the others go on meanwhile
    expect(nextToSend([waiting], T0 + 8_000)?.id).toBe('a');
    // A wait shorter than the back-off does not shorten it.
    expect(afterAnswer(e, 'retry', '', T0, 10)!.notBefore).toBe(T0 + 1_000);
  });

  it('holds the app’s fixes through a 429 and sends them, in order, once the wait is over', () => {
    const buf = new FixBuffer();
    const fix = (m: number) => ({ deviceTime: new Date(T0 + m * 60_000).toISOString(), lat: 35, lon: 117, accuracy: 5 });
    buf.push(fix(0));
    buf.push(fix(1));
    const batch = buf.take(T0)!;
    expect(batch).toHaveLength(2);
    buf.push(fix(2)); // taken while the request was out
    buf.giveBack(batch, T0, waitOf([{ path: 'retryAfter', message: '6' }]));
    expect(buf.take(T0 + 5_999)).toBeNull();
    expect(buf.take(T0 + 6_000)!.map((f) => f.deviceTime)).toEqual([fix(0), fix(1), fix(2)].map((f) => f.deviceTime));
    expect(waitOf(undefined, '3')).toBe(3_000);
    expect(waitOf([{ path: 'body', message: 'x' }])).toBeNull();
    for (let i = 0; i < KEEP_FIXES + 5; i++) buf.push(fix(i));
    expect(buf.size).toBe(KEEP_FIXES);
  });
});
