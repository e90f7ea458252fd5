// The field app's write queue (issue 18), as pure rules: every write a worker makes on the phone is an entry
// kept in IndexedDB until the server has it. What is sent next, how an answer is read, when to try again,
// and how a later entry refers to what an earlier one created (a photo to its new incident) live here,
// free of IndexedDB and fetch, so that they are tested as plain code (queue.test.ts).

/** What a worker wrote, as the worker sees it in the queue. */
export type EntryKind = 'incident' | 'photo' | 'action' | 'visit' | 'patrolStart' | 'patrolEnd' | 'household' | 'resident' | 'ledger' | 'rectify' | 'check';

/**
 * waiting: to be sent (again); failed: the server refused it (4xx) and says why — it stays until the worker
 * sends it again or throws it away; conflict: someone else changed the case first (409), explained.
 */
export type EntryState = 'waiting' | 'failed' | 'conflict';

export interface Entry {
  /** The phone's own id of this write, sent as its `clientRef`: the same id sent again is the same write. */
  id: string;
  /**
   * The account (user id) that wrote it: sent only under that account's session, shown only to it. Another
   * worker logged in on the same phone neither sees nor sends it; it waits, kept, for its own account.
   * Absent on entries queued before accounts were told apart: the next account to open the app adopts them.
   */
  account?: number;
  /** Creation order: entries are sent oldest first. */
  seq: number;
  kind: EntryKind;
  /** What the worker sees in the queue (the household's address, the class of the report). */
  label: string;
  /** `/api`-relative path; `{ref:<entry id>.<field>}` places are filled from earlier entries' answers. */
  path: string;
  /** JSON body (its `{ref:…}` strings filled too), or a photo's bytes. */
  body?: unknown;
  blob?: Blob;
  /** Entries that must have reached the server first (the incident before its photos). */
  after: string[];
  createdAt: number;
  state: EntryState;
  attempts: number;
  /** Not to be tried before this time (back-off after a network error or a 5xx). */
  notBefore: number;
  /** The server's (or the network's) last word on it. */
  reason?: string;
  /** The server's error code of a refusal (`version_conflict`, `action_not_allowed`…), and what it said of the case now. */
  code?: string;
  said?: Record<string, string>;
}

/** What an entry's answer gave later entries: the id and version of what it created (`{ref:id.field}`). */
export type Results = Record<string, Record<string, unknown>>;

/** What to do with an entry after an answer. */
export type Verdict =
  /** Stored (or already stored: a repeated clientRef): drop it from the queue. */
  | 'done'
  /** The network or the server failed: try again later, nothing is wrong with the entry. */
  | 'retry'
  /** The session is over: keep everything, send again once logged in. */
  | 'login'
  /** Refused for what it says (4xx): keep it, marked, with the reason. */
  | 'failed'
  /** Someone else acted first (409): keep it, marked, with the explanation. */
  | 'conflict';

/** How an answer (an HTTP status, or null when the request never got one) decides an entry's fate. */
export function classify(status: number | null): Verdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'done';
  if (status === 401) return 'login';
  if (status === 409) return 'conflict';
  // Timeouts, "too early", throttling and server errors say nothing about the entry itself.
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** Back-off after the n-th failed try (1, 2, 4 … seconds, at most a minute). */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 60_000;
export const backoffMs = (attempts: number) => Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.max(0, attempts - 1));

const REF = /^\{ref:([A-Za-z0-9_.:-]+?)\.(\w+)\}$/;
const REF_IN_PATH = /\{ref:([A-Za-z0-9_.:-]+?)\.(\w+)\}/g;

/** A copy of `value` with every `{ref:entry.field}` string replaced by that entry's answer; null while one is missing. */
export function fill<T>(value: T, results: Results): T | null {
  let missing = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = REF.exec(v);
      if (!m) return v;
      const got = results[m[1]!]?.[m[2]!];
      if (got === undefined) missing = true;
      return got;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Blob)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value) as T;
  return missing ? null : out;
}

/** The path with its `{ref:…}` places filled, or null while an entry it needs has not been answered. */
export function fillPath(path: string, results: Results): string | null {
  let missing = false;
  const out = path.replace(REF_IN_PATH, (_, id: string, field: string) => {
    const got = results[id]?.[field];
    if (got === undefined) missing = true;
    return encodeURIComponent(String(got));
  });
  return missing ? null : out;
}

/** The reference a later entry puts in its path or body for a field of this entry's answer. */
export const ref = (entryId: string, field: string) => `{ref:${entryId}.${field}}`;

/**
 * The entry to send now: the oldest waiting one whose time has come and whose predecessors are all on the
 * server (they have left the queue). An entry behind a failed or conflicting one waits for the worker.
 */
export function nextToSend(entries: readonly Entry[], now: number): Entry | null {
  const queued = new Set(entries.map((e) => e.id));
  let best: Entry | null = null;
  for (const e of entries) {
    if (e.state !== 'waiting' || e.notBefore > now || e.after.some((id) => queued.has(id))) continue;
    if (!best || e.seq < best.seq) best = e;
  }
  return best;
}

/** The entry that holds this one back: a predecessor still in the queue, the deepest one first. */
export function blockedBy(entries: readonly Entry[], entry: Entry): Entry | null {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const id of entry.after) {
    const before = byId.get(id);
    if (before) return blockedBy(entries, before) ?? before;
  }
  return null;
}

/**
 * The entry after an answer: null when it is done, else the same entry marked for what follows. A server
 * that said when to come back (Retry-After, a 429 of a budget or a 503) is not asked before then.
 */
export function afterAnswer(entry: Entry, verdict: Verdict, reason: string, now: number, retryAfterMs: number | null = null): Entry | null {
  switch (verdict) {
    case 'done':
      return null;
    case 'retry': {
      const attempts = entry.attempts + 1;
      return { ...entry, attempts, notBefore: now + Math.max(backoffMs(attempts), retryAfterMs ?? 0), reason };
    }
    case 'login':
      return { ...entry, reason };
    case 'failed':
    case 'conflict':
      return { ...entry, state: verdict, attempts: entry.attempts + 1, reason };
  }
}

/** A failed or conflicting entry sent again on the worker's word (edited or not), now. */
export const resend = (entry: Entry, now: number): Entry => ({ ...entry, state: 'waiting', notBefore: now, attempts: 0, code: undefined, said: undefined });

/** How many entries wait, failed or conflict: what the header says. */
export function tally(entries: readonly Entry[]) {
  const t = { waiting: 0, failed: 0, conflict: 0 };
  for (const e of entries) t[e.state]++;
  return t;
}

/** The next sequence number: after every entry already queued. */
export const nextSeq = (entries: readonly Entry[]) => entries.reduce((m, e) => Math.max(m, e.seq), 0) + 1;

/** A new entry of `account`, waiting to be sent at once. */
export function newEntry(
  fields: Pick<Entry, 'id' | 'kind' | 'label' | 'path'> & Partial<Pick<Entry, 'body' | 'blob' | 'after'>>,
  seq: number,
  now: number,
  account?: number,
): Entry {
  return { after: [], ...fields, ...(account === undefined ? {} : { account }), seq, createdAt: now, state: 'waiting', attempts: 0, notBefore: now };
}

/** Retry-After (seconds, or an HTTP date) in milliseconds from now; null when absent or unreadable. At most an hour. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const v = header.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1_000 : Date.parse(v) - now;
  return Number.isFinite(ms) ? Math.min(3_600_000, Math.max(0, ms)) : null;
}

/** What one account sees and sends of the phone's queue (issue 18): its own entries, and how many others wait for theirs. */
export function forAccount(entries: readonly Entry[], account: number): { mine: Entry[]; others: number } {
  const mine: Entry[] = [];
  let others = 0;
  for (const e of entries)
    if (e.account === account) mine.push(e);
    else others++;
  return { mine, others };
}

/** Entries of no account yet (queued before accounts were told apart), given to `account`. */
export const adopt = (entries: readonly Entry[], account: number): Entry[] => entries.filter((e) => e.account === undefined).map((e) => ({ ...e, account }));
