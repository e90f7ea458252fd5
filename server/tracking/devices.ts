// Terminals (手持终端, R7): registered by an administrator, each with an unguessable token.
import { randomBytes } from 'node:crypto';
import { batchedLookup } from '../platform/db/batched.ts';
import type { Queryable } from '../platform/db/index.ts';
import { assertExists } from '../platform/db/refs.ts';
import { HttpError } from '../platform/http/errors.ts';
import type { DevicePrincipal } from '../platform/http/route.ts';
import { tokenHash } from '../auth/sessions.ts';

const newToken = () => randomBytes(24).toString('base64url');

export async function registerDevice(
  q: Queryable,
  uniqueId: string,
  workerId: number | null,
): Promise<{ id: number; uniqueId: string; workerId: number | null; token: string }> {
  if (workerId !== null) await assertExists(q, 'workers', workerId, 'worker');
  if ((await q.query('SELECT 1 FROM devices WHERE unique_id = $1', [uniqueId])).length)
    throw new HttpError(409, 'conflict', `device ${uniqueId} is already registered`);
  const token = newToken();
  const [row] = await q.query<{ id: number }>(`INSERT INTO devices (unique_id, worker_id, token_hash) VALUES ($1, $2, $3) RETURNING id`, [
    uniqueId,
    workerId,
    tokenHash(token),
  ]);
  await q.query('DELETE FROM unknown_devices WHERE unique_id = $1', [uniqueId]);
  return { id: row!.id, uniqueId, workerId, token };
}

/** Issues a new token; the old one stops working at once (a lost phone, R7). */
export async function rotateDeviceToken(q: Queryable, id: number): Promise<string> {
  const token = newToken();
  const rows = await q.query(`UPDATE devices SET token_hash = $2, status = 'active' WHERE id = $1 RETURNING id`, [id, tokenHash(token)]);
  if (!rows.length) throw new HttpError(404, 'not_found', `device ${id} not found`);
  return token;
}

type DeviceKey = 'token_hash' | 'unique_id';

/**
 * The active terminals, read once and kept: a phone asks with every fix it sends (one a request, issue 20),
 * so a lookup a request would be half the database's work. Forgotten whole whenever a terminal is rotated,
 * revoked or moves to another worker, here or on another node; unknown ids and tokens are never kept, so a
 * terminal registered a moment ago is found at once. Terminals not yet kept that ask at the same moment (a
 * city's phones after a restart) are read in one statement.
 */
export class DeviceDirectory {
  private readonly byHash = new Map<string, DevicePrincipal>();
  private readonly byId = new Map<string, DevicePrincipal>();
  // A lookup begun before a change must not put back what the change took away.
  private generation = 0;
  private readonly read = {
    token_hash: batchedLookup((keys: readonly string[]) => this.active('token_hash', keys)),
    unique_id: batchedLookup((keys: readonly string[]) => this.active('unique_id', keys)),
  };

  constructor(private readonly db: Queryable) {}

  byToken(token: string): Promise<DevicePrincipal | null> {
    return this.lookup(this.byHash, 'token_hash', tokenHash(token));
  }

  byUniqueId(uniqueId: string): Promise<DevicePrincipal | null> {
    return this.lookup(this.byId, 'unique_id', uniqueId);
  }

  /**
   * Every active terminal, read in one statement before the node listens: a city's phones reaching a node
   * that just started would otherwise each wait on a look-up in its first seconds (issue 20 #7). The
   * terminals read, for the pipeline to read their last fixes the same way.
   */
  async preload(): Promise<DevicePrincipal[]> {
    const generation = this.generation;
    const rows = await this.db.query<DevicePrincipal & { hash: string }>(
      `SELECT id, unique_id AS "uniqueId", worker_id AS "workerId", token_hash AS hash FROM devices WHERE status = 'active'`,
    );
    const devices = rows.map(({ hash: _h, ...device }) => device);
    // A change made meanwhile wins: what it took away is not put back.
    if (generation === this.generation)
      rows.forEach((r, i) => {
        this.byHash.set(r.hash, devices[i]!);
        this.byId.set(r.uniqueId, devices[i]!);
      });
    return devices;
  }

  /** Terminals changed: read them again from the database. */
  forget() {
    this.generation++;
    this.byHash.clear();
    this.byId.clear();
  }

  private async lookup(kept: Map<string, DevicePrincipal>, by: DeviceKey, key: string): Promise<DevicePrincipal | null> {
    const hit = kept.get(key);
    if (hit) return hit;
    const generation = this.generation;
    const device = await this.read[by](key);
    if (device && generation === this.generation) kept.set(key, device);
    return device;
  }

  private async active(by: DeviceKey, keys: readonly string[]): Promise<Map<string, DevicePrincipal>> {
    const rows = await this.db.query<DevicePrincipal & { key: string }>(
      `SELECT id, unique_id AS "uniqueId", worker_id AS "workerId", ${by} AS key FROM devices WHERE ${by} = ANY($1::text[]) AND status = 'active'`,
      [keys],
    );
    return new Map(rows.map(({ key, ...device }) => [key, device]));
  }
}

/** The unknown ids kept for an administrator: the most recent ones; a guesser cannot grow the table. */
export const MAX_UNKNOWN_DEVICES = 500;

/** An unknown id knocked: remembered for an administrator to register. */
export async function noteUnknownDevice(q: Queryable, uniqueId: string, remote: string | undefined) {
  const [row] = await q.query<{ fresh: boolean }>(
    `INSERT INTO unknown_devices (unique_id, remote) VALUES ($1, $2)
     ON CONFLICT (unique_id) DO UPDATE SET last_seen = now(), attempts = unknown_devices.attempts + 1, remote = EXCLUDED.remote
     RETURNING attempts = 1 AS fresh`,
    [uniqueId.slice(0, 128), remote ?? null],
  );
  if (row?.fresh)
    await q.query(`DELETE FROM unknown_devices WHERE unique_id IN (SELECT unique_id FROM unknown_devices ORDER BY last_seen DESC, unique_id DESC OFFSET $1)`, [
      MAX_UNKNOWN_DEVICES,
    ]);
}

/** Cuts a terminal off at once (a lost phone): its token and its id are refused from now on. */
export async function revokeDevice(q: Queryable, id: number): Promise<void> {
  const rows = await q.query(`UPDATE devices SET status = 'revoked' WHERE id = $1 RETURNING id`, [id]);
  if (!rows.length) throw new HttpError(404, 'not_found', `device ${id} not found`);
}
