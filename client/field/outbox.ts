// The write queue on the phone: entries kept in IndexedDB (idb) across reloads and restarts, sent oldest
// first whenever the network is there, by the rules of queue.ts. One outbox per page, for the account logged
// in: its entries only are shown and sent, and only while the session is that account's (another worker
// using the same phone finds the first one's entries kept, not sent under their own name). Screens read it
// through useOutbox().
import { type IDBPDatabase, openDB } from 'idb';
import { useSyncExternalStore } from 'react';
import {
  adopt,
  afterAnswer,
  classify,
  type Entry,
  fill,
  fillPath,
  forAccount,
  newEntry,
  nextSeq,
  nextToSend,
  resend,
  type Results,
  retryAfterMs,
} from './queue.ts';

const DB_NAME = 'gridpatrol-field';
/** How often the outbox looks again without being told (a back-off ending, the network back unnoticed). */
const TICK_MS = 5_000;
/**
 * How long one send may take before it is given up and tried again: a request begun as the signal dropped
 * may otherwise never end. A photo gets a second more for every 50 kB (a weak 3G link carries about that).
 */
const sendTimeoutMs = (e: Entry) => 15_000 + (e.blob ? Math.ceil(e.blob.size / 50_000) * 1_000 : 0);

interface Snapshot {
  /** The logged-in account's entries. */
  entries: Entry[];
  /** Entries of other accounts on this phone: kept, sent when their account logs in here again. */
  others: number;
  /** The session is another account's than the one this page opened for: nothing is sent until reloaded. */
  wrongSession: boolean;
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

let snapshot: Snapshot = { entries: [], others: 0, wrongSession: false, online: navigator.onLine, sending: false, sent: 0 };
/** The account this page's outbox works for (the user id); null until startOutbox. */
let account: number | null = null;
const listeners = new Set<() => void>();
/**
 * A new snapshot, told to the screens only when something in it changed: the 5 s tick would otherwise
 * re-render the whole app every time (a 50–70 ms long task on a slow phone, measured by bench/field.ts).
 */
const publish = (next: Partial<Snapshot>) => {
  if ((Object.keys(next) as (keyof Snapshot)[]).every((k) => Object.is(snapshot[k], next[k]))) return;
  snapshot = { ...snapshot, ...next };
  for (const l of listeners) l();
};

async function load() {
  const d = await open();
  const all = ((await d.getAll('entries')) as Entry[]).sort((a, b) => a.seq - b.seq);
  if (account === null) return publish({ entries: [], others: all.length });
  const { mine, others } = forAccount(all, account);
  publish({ entries: mine, others });
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

interface Sent {
  status: number | null;
  answer: Record<string, unknown> | null;
  reason: string;
  /** The answer's Retry-After, in ms. */
  wait: number | null;
  code?: string;
  said?: Record<string, string>;
}

/**
 * Whether the session is still this outbox's account, asked before sending: a worker who logged in as someone
 * else in another tab must not have the first one's writes sent under the second's name. null: no answer.
 */
async function session(): Promise<'mine' | 'other' | 'none' | null> {
  try {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store', signal: AbortSignal.timeout(15_000) });
    if (res.status === 401) return 'none';
    if (!res.ok) return null;
    return ((await res.json()) as { id: number }).id === account ? 'mine' : 'other';
  } catch {
    return null;
  }
}

/** Sends one entry; the HTTP status (null: no answer) and what the answer said. */
async function send(entry: Entry, r: Results): Promise<Sent> {
  const path = fillPath(entry.path, r);
  const body = entry.body === undefined ? undefined : fill(entry.body, r);
  if (path === null || body === null) return { status: 422, answer: null, reason: 'an earlier write it depends on is missing', wait: null };
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
    const said = Object.fromEntries(details.filter((d) => d.path && d.message).map((d) => [d.path!, d.message!]));
    return {
      status: res.status,
      answer,
      reason,
      wait: retryAfterMs(res.headers.get('retry-after'), Date.now()),
      ...(res.ok ? {} : { code: typeof answer?.error === 'string' ? answer.error : undefined, said }),
    };
  } catch (e) {
    return { status: null, answer: null, reason: (e as Error).message, wait: null };
  }
}

let running: Promise<void> | null = null;
/** Sends what can be sent now, one entry at a time, until nothing is ready or the network fails. */
async function drain(force: boolean) {
  // Told the network is back: the first entry goes now, whatever its back-off said.
  let checked = false;
  for (let first = force; ; first = false) {
    if (account === null || snapshot.wrongSession) return;
    const next = nextToSend(snapshot.entries, first ? Number.MAX_SAFE_INTEGER : Date.now());
    if (!next) return;
    publish({ sending: true });
    if (!checked) {
      const who = await session();
      if (who === null) return publish({ online: false });
      // Logged out: everything stays, to be sent once this account logs in again.
      if (who === 'none') return;
      if (who === 'other') return publish({ wrongSession: true });
      checked = true;
    }
    const { status, answer, reason, wait, code, said } = await send(next, await results());
    const verdict = classify(status);
    if (verdict === 'done' && answer) await (await open()).put('results', answer, next.id);
    const after = afterAnswer(next, verdict, reason, Date.now(), wait);
    await save(after && (verdict === 'failed' || verdict === 'conflict') ? { ...after, code, said } : after, next.id);
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
  const d = await open();
  // After every entry of the phone, whoever's: the order is one for all accounts.
  let seq = nextSeq((await d.getAll('entries')) as Entry[]);
  const tx = d.transaction('entries', 'readwrite');
  for (const item of items) await tx.store.put(newEntry(item, seq++, now, account ?? undefined));
  await tx.done;
  await load();
  void flush();
  return items.map((i) => i.id);
}

/** A failed or conflicting entry sent again, with its body changed if the worker corrected it. */
export async function retry(id: string, body?: unknown) {
  const e = snapshot.entries.find((x) => x.id === id);
  if (!e) return;
  // A case action refused for an old version goes again at the version the server said the case now has:
  // if the action still fits the case it is done, else the server says why again.
  const version = e.kind === 'action' && e.said?.version ? Number(e.said.version) : null;
  const fixed = body ?? (version && e.body && typeof e.body === 'object' ? { ...(e.body as object), version } : undefined);
  await save({ ...resend(e, Date.now()), ...(fixed === undefined ? {} : { body: fixed }) }, id);
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

/** Gives entries of no account (queued before accounts were told apart) to the account now logged in. */
async function adoptOrphans(to: number) {
  const d = await open();
  const orphans = adopt((await d.getAll('entries')) as Entry[], to);
  if (!orphans.length) return;
  const tx = d.transaction('entries', 'readwrite');
  for (const e of orphans) await tx.store.put(e);
  await tx.done;
}

let started = false;
/**
 * Loads the queue of `userId` (the account logged in) and keeps sending it: now, whenever the browser is
 * back online, and every few seconds.
 */
export function startOutbox(userId: number) {
  if (account !== userId) {
    account = userId;
    publish({ wrongSession: false });
    void adoptOrphans(userId)
      .then(load)
      .then(() => flush());
  }
  if (started) return;
  started = true;
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
