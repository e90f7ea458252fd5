// Live coverage over socket.io: when a key target or road cell changes state (missed → partial →
// complete), its grid's, squad's and town's figures are recomputed and sent with it, batched each second,
// each room getting only its scope (the coverage capability's job calls `flush`). Clients load
// /api/coverage/summary once, then apply these.
import type { CoverageDelta } from '../../shared/coverage/live.ts';
import { coverageFigures, isQualified, type CoverageCounts } from '../../shared/coverage/tally.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { covers, type Scope, wholeTown } from '../auth/scope.ts';
import type { Rooms } from '../platform/capability.ts';
import type { CoverageChange, LiveCoverage } from './engine.ts';

export class CoverageFeed {
  private pending: CoverageChange[] = [];
  private day = '';
  private grids = new Map<number, CoverageCounts>();

  constructor(
    private readonly live: LiveCoverage,
    private readonly hub: Rooms,
  ) {}

  add(changes: CoverageChange[]) {
    for (const c of changes) this.pending.push(c);
  }

  /** The delta of what changed today since the last flush, or null. */
  flush(now = Date.now()): CoverageDelta | null {
    const day = shanghaiDay(now);
    const changes = this.pending.filter((c) => c.day === day);
    this.pending = [];
    if (day !== this.day) {
      this.day = day;
      this.grids = new Map([...this.live.squadOf.keys()].map((g) => [g, this.live.gridCounts(g, day)]));
    }
    if (!changes.length) return null;
    const touched = new Set(changes.map((c) => c.gridId));
    for (const g of touched) this.grids.set(g, this.live.gridCounts(g, day));
    const { squads, town } = this.live.rollUp(this.grids);
    const touchedSquads = new Set([...touched].map((g) => this.live.squadOf.get(g)!));
    const delta: CoverageDelta = {
      day,
      items: changes.map(({ day: _day, ...c }) => c),
      grids: [...touched].map((gridId) => ({
        gridId,
        ...coverageFigures(this.grids.get(gridId)!),
        qualified: isQualified(this.grids.get(gridId)!, this.live.rules.minPatrolMs),
      })),
      squads: [...touchedSquads].map((squadId) => {
        const s = squads.get(squadId)!;
        return { squadId, ...coverageFigures(s.counts), workers: s.workers, qualified: s.qualified };
      }),
      town: { ...coverageFigures(town.counts), workers: town.workers, qualified: town.qualified },
    };
    this.hub.publish('coverage:delta', (scope) => this.partFor(delta, scope));
    return delta;
  }

  /** After a rebuild: every client reloads today's figures (a delta of no day makes them reload). */
  reloadAll() {
    this.pending = [];
    this.day = '';
    this.hub.publish('coverage:delta', (scope) => (scope.departmentId !== undefined ? null : { day: '', items: [], grids: [], squads: [] }));
  }

  private partFor(d: CoverageDelta, scope: Scope): CoverageDelta | null {
    if (scope.departmentId !== undefined) return null;
    if (wholeTown(scope)) return d;
    const inScope = (gridId: number) => covers(scope, { gridId, squadId: this.live.squadOf.get(gridId) ?? null });
    const items = d.items.filter((i) => inScope(i.gridId));
    if (!items.length) return null;
    const squad = this.live.squadOf.get(items[0]!.gridId);
    return {
      day: d.day,
      items,
      grids: d.grids.filter((g) => inScope(g.gridId)),
      squads: scope.gridId !== null ? [] : d.squads.filter((s) => s.squadId === squad),
    };
  }
}
