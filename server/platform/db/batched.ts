// Look-ups by key that many requests make at once — a city's phones after a restart or a first start, each
// asking for its terminal, its last kept fix and its worker's place (issue 20 #1) — gathered into one
// statement rather than a statement each (DataLoader). Keys asked while a statement is on its way wait for
// it and go together in the next, as the positions writer gathers rows: the busier the database, the more
// keys a statement. It keeps nothing itself: the callers keep what they found, on their own rules. Writes
// by key (a late day marked stale with each terminal's batch) gather the same way.
import DataLoader from 'dataloader';

/** At most this many keys a statement: a parameter array of a few thousand stays cheap to plan and send. */
const MAX_KEYS = 2000;

export function batchedLookup<K, V>(load: (keys: readonly K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | null> {
  let onItsWay = false;
  let next: (() => void) | null = null;
  const loader = new DataLoader<K, V | null>(
    async (keys) => {
      onItsWay = true;
      try {
        const found = await load(keys);
        return keys.map((k) => found.get(k) ?? null);
      } finally {
        onItsWay = false;
        const run = next;
        next = null;
        if (run) setImmediate(run);
      }
    },
    // setImmediate: after the poll phase, so that every request already read off the sockets adds its key.
    {
      cache: false,
      maxBatchSize: MAX_KEYS,
      batchScheduleFn: (run) => {
        if (onItsWay && !next) next = run;
        else setImmediate(run);
      },
    },
  );
  return (key) => loader.load(key);
}

/** A write by key, gathered like a look-up: each caller resolves once the statement holding its key is done. */
export function batchedWrite<K>(write: (keys: readonly K[]) => Promise<void>): (key: K) => Promise<void> {
  const run = batchedLookup(async (keys: readonly K[]) => {
    await write([...new Set(keys)]);
    return new Map(keys.map((k) => [k, true]));
  });
  return async (key) => {
    await run(key);
  };
}
