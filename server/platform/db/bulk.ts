import type { Queryable } from './types.ts';

/** A column of a bulk insert: its SQL array element type, and optionally an expression over the unnested value. */
export interface BulkColumn<R> {
  name: string;
  type: 'int' | 'float8' | 'text' | 'bool' | 'timestamptz' | 'date' | 'jsonb';
  value: (row: R) => unknown;
  /** SQL over the unnested column `v` (e.g. `ST_GeomFromGeoJSON(v)`); default `v` itself. */
  expr?: string;
}

const CHUNK = 5000;

/**
 * Inserts many rows with one statement per chunk: each column travels as one array parameter and is
 * unnested in SQL, so the statement text and parameter count stay fixed however many rows there are.
 * `suffix` may add ON CONFLICT …; `returning` gives back columns of the rows actually inserted.
 */
export async function bulkInsert<R, T = never>(
  q: Queryable,
  table: string,
  columns: BulkColumn<R>[],
  rows: readonly R[],
  opts: { suffix?: string; returning?: string } = {},
): Promise<{ inserted: number; rows: T[] }> {
  const names = columns.map((c) => c.name).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const select = columns.map((c, i) => (c.expr ? c.expr.replaceAll(/\bv\b/g, aliases[i]!) : aliases[i])).join(', ');
  const insert = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${unnest}) AS u(${aliases.join(', ')}) ${opts.suffix ?? ''}`;
  const sql = opts.returning ? `${insert} RETURNING ${opts.returning}` : `WITH ins AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM ins`;
  let inserted = 0;
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params = columns.map((c) =>
      chunk.map((r) => {
        const v = c.value(r);
        return c.type === 'jsonb' && v != null ? JSON.stringify(v) : v;
      }),
    );
    const res = await q.query<T & { n: number }>(sql, params);
    if (opts.returning) {
      out.push(...res);
      inserted += res.length;
    } else inserted += res[0]?.n ?? 0;
  }
  return { inserted, rows: out };
}
