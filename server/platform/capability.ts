// The one small interface a capability registers through (docs/architecture.md, "Adding a capability"):
// it is built from the platform, and gives back its routes, what a socket gets when it joins its scope's
// room, its hook on kept fixes and its timed jobs. server/server.ts composes them; nothing else wires.
import type { Socket } from 'socket.io';
import type { Scope } from '../auth/scope.ts';
import type { DeviceDirectory } from '../tracking/devices.ts';
import type { KeptBatch } from '../tracking/pipeline.ts';
import type { Config } from './config.ts';
import type { Db } from './db/index.ts';
import type { Route } from './http/route.ts';
import type { Job } from './jobs.ts';
import type { Logger } from './log.ts';

/** Delivery to the sockets' scope rooms (R40): each room gets its part of a message, or nothing (null). */
export interface Rooms {
  publish(event: string, partFor: (scope: Scope) => unknown): void;
  /** Sessions were ended: the sockets riding on them are closed (SECURITY.md: a session ends everywhere). */
  sessionsEnded(): Promise<void>;
}

/** What every capability stands on. */
export interface Platform {
  db: Db;
  config: Config;
  log: Logger;
  rooms: Rooms;
  /**
   * The town's layers or staffing changed here (an import applied, a grid handed over): every capability on
   * every node reads again what it keeps of them, and the screens are told to.
   */
  townChanged(): Promise<void>;
  /** The registered terminals, as the doors and the device tokens' check find them. */
  devices: DeviceDirectory;
  /** A terminal was rotated or revoked here: every node reads the terminals again. */
  devicesChanged(): void;
  /** This node's name, and what its cluster bus moved when there are several nodes. */
  node: { id: string; bus: { published: number; applied: number; resyncs: number; dropped: number } | null };
}

export interface Capability {
  readonly name: string;
  /** Its part of the `/api` route table. */
  routes?(): Route[];
  /** A socket has joined the room of its scope: send it what it starts from (a snapshot). */
  onJoin?(socket: Socket, scope: Scope): void;
  /** Fixes the tracking pipeline kept and stored, here or on another node (`batch.remote`), in time order; a
   * local batch is answered to its terminal once the promise returned settles. */
  onKept?(batch: KeptBatch): void | Promise<void>;
  /** The town changed (`Platform.townChanged`), here or on another node: reload what was read of it. */
  onTownChanged?(): Promise<void>;
  /** Timed jobs, started once the server listens and stopped before it closes. */
  readonly jobs?: readonly Job[];
  close?(): void | Promise<void>;
}

/** The platform and the capabilities built on it, in the order they were built. */
export interface Composition {
  platform: Platform;
  capabilities: readonly Capability[];
}
