import { HttpError } from '../http/errors.ts';
import type { Queryable } from './types.ts';

/** A reference in a request must name an existing row: 422 otherwise, before anything is written. */
export async function assertExists(q: Queryable, table: 'squads' | 'workers' | 'grids' | 'devices' | 'departments', id: number, what: string) {
  if (!(await q.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length) throw new HttpError(422, 'unknown_reference', `${what} ${id} does not exist`);
}
