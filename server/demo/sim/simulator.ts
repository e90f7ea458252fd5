// The patrol simulator: every grid worker walks or rides through the sessions of the day, and their
// terminal reports through the public doors (native batches, or OsmAnd like Traccar Client).
import { createRng } from '../../../geodata/random.ts';
import { dayRange, shanghaiDay } from '../../../shared/core/time.ts';
import { choosePersona, sessionIncidents, sessionRoute, sessionVisits, walkRoute, type SimFix, type SimGrid, type SimIncident, type SimVisit } from './plan.ts';

export interface SimTerminal {
  workerId: number;
  gridId: number;
  uniqueId: string;
  token: string;
}

export interface SimTransport {
  native(t: SimTerminal, fixes: SimFix[]): Promise<void>;
  osmand(t: SimTerminal, fix: SimFix): Promise<void>;
  visits(t: SimTerminal, visits: SimVisit[]): Promise<void>;
  incident(t: SimTerminal, incident: SimIncident): Promise<void>;
}

export interface SimOptions {
  seed: string;
  /** Patrol sessions as Beijing minutes of the day: 每日必巡、一日双巡 (R13). */
  sessions: [number, number][];
  /** An extra session around the start time when none is under way, so a demo is never still. */
  demo: boolean;
  /** Share of terminals that speak OsmAnd rather than the native door. */
  osmandShare: number;
}

export const DEFAULT_SESSIONS: [number, number][] = [
  [8 * 60, 11 * 60 + 30],
  [14 * 60, 17 * 60 + 30],
];

interface Plan {
  day: string;
  fixes: SimFix[];
  sent: number;
  visits: SimVisit[];
  visitsSent: number;
  incidents: SimIncident[];
  incidentsSent: number;
}

export class Simulator {
  private readonly plans = new Map<number, Plan>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  readonly stats = { sent: 0, native: 0, osmand: 0, visits: 0, incidents: 0, errors: 0 };

  constructor(
    private readonly terminals: SimTerminal[],
    private readonly grids: Map<number, SimGrid>,
    private readonly transport: SimTransport,
    private readonly opts: SimOptions,
    private readonly clock: () => number = Date.now,
    private readonly startedAt = clock(),
  ) {}

  /** Every fix the terminal of `t` reports on `day`, and the visits it records (deterministic from the seed). */
  dayPlan(t: SimTerminal, day: string): { fixes: SimFix[]; visits: SimVisit[]; incidents: SimIncident[] } {
    const rng = createRng(`${this.opts.seed}:${day}:${t.workerId}`);
    const persona = choosePersona(createRng(`${this.opts.seed}:persona:${t.workerId}`));
    const grid = this.grids.get(t.gridId)!;
    const { start } = dayRange(day);
    const sessions = [...this.opts.sessions];
    const startMin = (this.startedAt - start.getTime()) / 60_000;
    if (this.opts.demo && shanghaiDay(this.startedAt) === day && !sessions.some(([a, b]) => startMin >= a && startMin < b)) {
      // From after the session that ended last, never over it: one worker is in one place at a time.
      const ended = Math.max(0, ...sessions.filter(([, b]) => b <= startMin).map(([, b]) => b));
      sessions.push([Math.max(ended, startMin - 20), Math.min(24 * 60, startMin + 240)]);
    }
    const fixes: SimFix[] = [];
    const visits: SimVisit[] = [];
    const incidents: SimIncident[] = [];
    let battery = rng.int(60, 100);
    sessions.forEach(([a, b], i) => {
      if (persona.kind === 'skips_afternoon' && i >= 1) return; // nor the demo session: the lazy stay lazy
      const from = start.getTime() + (a + rng.range(0, 20)) * 60_000;
      let to = start.getTime() + b * 60_000;
      if (persona.kind === 'goes_offline' && i === 0) to = from + rng.range(20, 60) * 60_000;
      if (persona.kind === 'goes_offline' && i > 0) return;
      const route = sessionRoute(grid, persona, rng);
      const walked = walkRoute(route, persona, from, to, battery, rng);
      fixes.push(...walked);
      visits.push(...sessionVisits(grid, route, walked, persona, rng));
      incidents.push(...sessionIncidents(walked, createRng(`${this.opts.seed}:${day}:${t.workerId}:incidents:${i}`)));
      battery = Math.max(20, battery - 15);
    });
    return { fixes, visits, incidents };
  }

  private plan(t: SimTerminal, now: number): Plan {
    const day = shanghaiDay(now);
    let p = this.plans.get(t.workerId);
    if (!p || p.day !== day) {
      p = { day, ...this.dayPlan(t, day), sent: 0, visitsSent: 0, incidentsSent: 0 };
      this.plans.set(t.workerId, p);
    }
    return p;
  }

  private usesOsmand(t: SimTerminal) {
    return createRng(`${this.opts.seed}:door:${t.workerId}`)() < this.opts.osmandShare;
  }

  /** Sends, through the native door in batches, every fix of today already due: history for a fresh demo. */
  async backfill(batch = 1000): Promise<number> {
    const now = this.clock();
    let n = 0;
    for (const t of this.terminals) {
      const p = this.plan(t, now);
      while (p.sent < p.fixes.length && p.fixes[p.sent]!.t <= now) {
        let end = p.sent;
        while (end < p.fixes.length && end - p.sent < batch && p.fixes[end]!.t <= now) end++;
        await this.send('native', () => this.transport.native(t, p.fixes.slice(p.sent, end)), end - p.sent);
        n += end - p.sent;
        p.sent = end;
      }
      await this.sendRecords(t, p, now);
    }
    return n;
  }

  /** Visits already made are recorded after the fixes that verify them; incidents found are reported. */
  private async sendRecords(t: SimTerminal, p: Plan, now: number) {
    while (p.incidentsSent < p.incidents.length && p.incidents[p.incidentsSent]!.t <= now) {
      const found = p.incidents[p.incidentsSent++]!;
      try {
        await this.transport.incident(t, found);
        this.stats.incidents++;
      } catch {
        this.stats.errors++;
      }
    }
    let end = p.visitsSent;
    while (end < p.visits.length && p.visits[end]!.t <= now) end++;
    if (end === p.visitsSent) return;
    const due = p.visits.slice(p.visitsSent, end);
    p.visitsSent = end;
    try {
      await this.transport.visits(t, due);
      this.stats.visits += due.length;
    } catch {
      this.stats.errors++;
    }
  }

  /** One step: each terminal sends what became due since the last step. */
  async tick(): Promise<void> {
    if (this.busy) return; // a slow server: the next tick sends a bigger batch
    this.busy = true;
    try {
      const now = this.clock();
      await Promise.all(
        this.terminals.map(async (t) => {
          const p = this.plan(t, now);
          let end = p.sent;
          while (end < p.fixes.length && p.fixes[end]!.t <= now) end++;
          if (end === p.sent) return;
          const due = p.fixes.slice(p.sent, end);
          p.sent = end;
          if (this.usesOsmand(t) && due.length <= 3) for (const f of due) await this.send('osmand', () => this.transport.osmand(t, f), 1);
          else await this.send('native', () => this.transport.native(t, due), due.length);
          await this.sendRecords(t, p, now);
        }),
      );
    } finally {
      this.busy = false;
    }
  }

  private async send(door: 'native' | 'osmand', call: () => Promise<void>, fixes: number) {
    this.stats[door]++;
    try {
      await call();
      this.stats.sent += fixes;
    } catch {
      this.stats.errors++;
    }
  }

  start(everyMs = 1000) {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
  }
}

/** HTTP to the server's own doors, as real terminals would. */
export function httpTransport(base: string): SimTransport {
  const check = async (r: Response) => {
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  };
  return {
    async native(t, fixes) {
      const body = JSON.stringify({
        fixes: fixes.map((f) => ({
          deviceTime: new Date(f.t).toISOString(),
          lat: f.lat,
          lon: f.lon,
          accuracy: f.accuracy,
          speed: f.speed,
          heading: f.heading,
          battery: f.battery,
        })),
      });
      await check(
        await fetch(`${base}/api/positions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body }),
      );
    },
    async osmand(t, f) {
      const q = new URLSearchParams({
        id: t.uniqueId,
        lat: f.lat.toFixed(7),
        lon: f.lon.toFixed(7),
        timestamp: String(f.t / 1000),
        speed: (f.speed / 0.514444).toFixed(2),
        bearing: String(f.heading),
        accuracy: String(f.accuracy),
        batt: String(f.battery),
      });
      await check(await fetch(`${base}/api/osmand?${q}`));
    },
    async incident(t, found) {
      const auth = { 'content-type': 'application/json', authorization: `Bearer ${t.token}` };
      const r = await fetch(`${base}/api/incidents`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          categoryCode: found.categoryCode,
          lat: found.lat,
          lon: found.lon,
          description: found.description,
          clientRef: `sim-${found.t}`,
        }),
      });
      await check(r);
      const { id, version, repeated } = (await r.json()) as { id: number; version: number; repeated: boolean };
      if (!found.resolveOnSpot || repeated) return;
      await check(
        await fetch(`${base}/api/incidents/${id}/actions`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ action: 'resolve_on_spot', version, result: '已现场处置' }),
        }),
      );
    },
    async visits(t, visits) {
      const body = JSON.stringify({
        visits: visits.map((v) => ({
          householdId: v.householdId,
          ...(v.personId !== undefined ? { personId: v.personId } : {}),
          visitedAt: new Date(v.t).toISOString(),
        })),
      });
      await check(
        await fetch(`${base}/api/visits`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body }),
      );
    },
  };
}
