// The write queue on the phone: entries kept in IndexedDB (idb) across reloads and restarts, sent oldest
// first whenever the network is there, by the rules of queue.ts. One outbox per page; screens read it
// through useOutbox().
import { type IDBPDatabase, openDB } from 'idb';
import { useSyncExternalStore } from 'react';
import { afterAnswer, classify, type Entry, fill, fillPath, newEntry, nextSeq, nextToSend, resend, type Results } from './queue.ts';

const DB_NAME = 'gridpatrol-field';
/** How often the outbox looks again without being told (a back-off ending, the network back unnoticed). */
const TICK_MS = 5_000;
/**
 * How long one send may take before it is given up and tried again: a request begun as the signal dropped
 * may otherwise never end. A photo gets a second more for every 50 kB (a weak 3G link carries about that).
 */
const sendTimeoutMs = (e: Entry) => 15_000 + (e.blob ? Math.ceil(e.blob.size / 50_000) * 1_000 : 0);

interface Snapshot {
  entries: Entry[];
  /** The last try reached the server (or none was needed), and the browser believes it is online. */
  online: boolean;
  sending: boolean;
  /** Writes sent and stored since the page opened. */
  sent: number;
}

let db: Promise<IDBPDatabase> | null = null;
const open = () => {
  db ??= openDB(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('entries', { keyPath: 'id' });
      d.createObjectStore('results');
    },
  });
  return db;
};

let snapshot: Snapshot = { entries: [], online: navigator.onLine, sending: false, sent: 0 };
const listeners = new Set<() => void>();
const publish = (next: Partial<Snapshot>) => {
  snapshot = { ...snapshot, ...next };
  for (const l of listeners) l();
};

async function load() {
  const d = await open();
  const entries = ((await d.getAll('entries')) as Entry[]).sort((a, b) => a.seq - b.seq);
  publish({ entries });
}

async function save(entry: Entry | null, id: string) {
  const d = await open();
  if (entry) await d.put('entries', entry);
  else await d.delete('entries', id);
  await load();
}

async function results(): Promise<Results> {
  const d = await open();
  const keys = (await d.getAllKeys('results')) as string[];
  const values = (await d.getAll('results')) as Record<string, unknown>[];
  return Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
}

/** Sends one entry; the HTTP status (null: no answer) and what the answer said. */
async function send(entry: Entry, r: Results): Promise<{ status: number | null; answer: Record<string, unknown> | null; reason: string }> {
  const path = fillPath(entry.path, r);
  const body = entry.body === undefined ? undefined : fill(entry.body, r);
  if (path === null || body === null) return { status: 422, answer: null, reason: 'an earlier write it depends on is missing' };
  try {
    const res = await fetch(`/api${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': entry.blob ? entry.blob.type || 'application/octet-stream' : 'application/json' },
      body: entry.blob ?? JSON.stringify(body),
      signal: AbortSignal.timeout(sendTimeoutMs(entry)),
    });
    const answer = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as Record<string, unknown>) : null;
    const details = Array.isArray(answer?.details) ? (answer.details as { path?: string; message?: string }[]) : [];
    const reason = res.ok
      ? ''
      : [String(answer?.message ?? res.statusText), ...details.map((d) => [d.path, d.message].filter(Boolean).join(': '))].filter(Boolean).join(' — ');
    return { status: res.status, answer, reason };
  } catch (e) {
    return { status: null, answer: null, reason: (e as Error).message };
  }
}

let running: Promise<void> | null = null;
/** Sends what can be sent now, one entry at a time, until nothing is ready or the network fails. */
async function drain(force: boolean) {
  // Told the network is back: the first entry goes now, whatever its back-off said.
  for (let first = force; ; first = false) {
    const next = nextToSend(snapshot.entries, first ? Number.MAX_SAFE_INTEGER : Date.now());
    if (!next) return;
    publish({ sending: true });
    const { status, answer, reason } = await send(next, await results());
    const verdict = classify(status);
    if (verdict === 'done' && answer) await (await open()).put('results', answer, next.id);
    await save(afterAnswer(next, verdict, reason, Date.now()), next.id);
    publish({ online: status !== null && navigator.onLine, sent: snapshot.sent + (verdict === 'done' ? 1 : 0) });
    if (verdict === 'retry' || verdict === 'login') return;
  }
}

/** One drain at a time; `.finally` runs after `running` is set, even when there was nothing to send. */
export function flush(force = false): Promise<void> {
  running ??= drain(force).finally(() => {
    running = null;
    publish({ sending: false });
  });
  return running;
}

/** Puts writes in the queue (kept before anything is sent) and starts sending; returns their ids. */
export async function enqueue(...items: Parameters<typeof newEntry>[0][]): Promise<string[]> {
  await load();
  const now = Date.now();
  let seq = nextSeq(snapshot.entries);
  const d = await open();
  const tx = d.transaction('entries', 'readwrite');
  for (const item of items) await tx.store.put(newEntry(item, seq++, now));
  await tx.done;
  await load();
  void flush();
  return items.map((i) => i.id);
}

/** A failed or conflicting entry sent again, with its body changed if the worker corrected it. */
export async function retry(id: string, body?: unknown) {
  const e = snapshot.entries.find((x) => x.id === id);
  if (!e) return;
  await save({ ...resend(e, Date.now()), ...(body === undefined ? {} : { body }) }, id);
  void flush();
}

/** Throws an entry away, on the worker's word only (and what waited behind it is sent without it). */
export async function discard(id: string) {
  const d = await open();
  const blocked = snapshot.entries.filter((e) => e.after.includes(id));
  for (const b of blocked) await d.put('entries', { ...b, after: b.after.filter((x) => x !== id) });
  await save(null, id);
}

/** A new id for a write (its clientRef). */
export const newClientRef = () => crypto.randomUUID();

let started = false;
/** Loads the queue and keeps sending: now, whenever the browser is back online, and every few seconds. */
export function startOutbox() {
  if (started) return;
  started = true;
  void load().then(() => flush());
  addEventListener('online', () => {
    publish({ online: true });
    void flush(true);
  });
  addEventListener('offline', () => publish({ online: false }));
  setInterval(() => {
    // With nothing to send, the browser's word is all there is; else the last try tells.
    if (!navigator.onLine || !snapshot.entries.some((e) => e.state === 'waiting')) publish({ online: navigator.onLine });
    void flush();
  }, TICK_MS);
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};
/** The queue as it is now; re-renders on every change. */
export const useOutbox = () => useSyncExternalStore(subscribe, () => snapshot);
