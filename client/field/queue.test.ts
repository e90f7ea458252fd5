import { describe, expect, it } from 'vitest';
import { fittedSize } from './photo.ts';
import { afterAnswer, backoffMs, blockedBy, classify, type Entry, fill, fillPath, newEntry, nextSeq, nextToSend, ref, resend, tally } from './queue.ts';

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
