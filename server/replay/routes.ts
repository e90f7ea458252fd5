// Replay (回放, R30): the town as it was at a moment of a day — where the workers were with their last half
// hour of track, which key targets and road cells had been passed, which incidents were open and in what
// state — for the wall's time slider.
import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import { passStatus } from '../../shared/coverage/engine.ts';
import { isFinal, urgencyOf, type IncidentState } from '../../shared/incidents/machine.ts';
import { TRAIL_MS } from '../../shared/tracking/rules.ts';
import type { LiveWorker, TrailPoint } from '../../shared/tracking/live.ts';
import { replay as contract } from '../../shared/replay/contract.ts';
import { dayRange, shanghaiDay } from '../../shared/core/time.ts';
import { placeFilter, placeParams, scopeFor } from '../auth/scope.ts';
import { coverageService } from '../coverage/service.ts';
import type { Platform } from '../platform/capability.ts';
import type { LiveCoverage } from '../coverage/engine.ts';
import type { IncidentService } from '../incidents/service.ts';
import { HttpError } from '../platform/http/errors.ts';
import { route } from '../platform/http/route.ts';
import { visible } from '../incidents/access.ts';

/** A worker seen in the last 2 minutes before the moment is patrolling, in the last 10 idle, else offline. */
const statusAt = (fixTime: number, at: number): LiveWorker['status'] =>
  at - fixTime <= 2 * 60_000 ? 'patrolling' : at - fixTime <= 10 * 60_000 ? 'idle' : 'offline';

export function replayRoutes({ db }: Platform, coverage: LiveCoverage, incidents: IncidentService) {
  const days = coverageService(db, coverage);
  return [
    route(contract.at, {
      summary: 'The town at a moment of a day: workers with their last 30 minutes, key targets and road cells passed by then, incidents open then',
      access: BRIGADE_ROLES,
      async handler({ query, user }) {
        const scope = scopeFor(user, query.squad);
        const at = Date.parse(query.at);
        const { start, end } = dayRange(query.date);
        if (at < start.getTime() || at >= end.getTime())
          throw new HttpError(400, 'invalid_request', `at is not on ${query.date}`, [{ path: 'query.at', message: 'outside the day' }]);
        if (at > Date.now() + 60_000) throw new HttpError(400, 'invalid_request', 'at has not come yet');

        const fixes = await db.query<{ workerId: number; squadId: number; gridId: number | null; lon: number; lat: number; t: number }>(
          `SELECT p.worker_id AS "workerId", w.squad_id AS "squadId", g.id AS "gridId", p.lon, p.lat, (extract(epoch FROM p.fix_time) * 1000)::float8 AS t
             FROM positions p JOIN workers w ON w.id = p.worker_id LEFT JOIN grids g ON g.worker_id = w.id
            WHERE p.verdict = 'ok' AND p.fix_time > $1 AND p.fix_time <= $2
              AND ${placeFilter('w.squad_id', 'g.id', 3)}
            ORDER BY p.worker_id, p.fix_time`,
          [new Date(at - TRAIL_MS), new Date(at), ...placeParams(scope)],
        );
        const workers = new Map<number, LiveWorker>();
        for (const f of fixes) {
          const point: TrailPoint = [f.lon, f.lat, f.t];
          const w = workers.get(f.workerId);
          if (w) Object.assign(w, { lon: f.lon, lat: f.lat, fixTime: f.t }).trail.push(point);
          else
            workers.set(f.workerId, {
              workerId: f.workerId,
              squadId: f.squadId,
              gridId: f.gridId,
              lon: f.lon,
              lat: f.lat,
              fixTime: f.t,
              speed: null,
              heading: null,
              battery: null,
              status: 'offline',
              trail: [point],
            });
        }
        for (const w of workers.values()) w.status = statusAt(w.fixTime, at);

        // Passes counted by then: the day's pass times up to the moment.
        const items = await days.dayItems(query.date, scope);
        const upTo = <T extends { id: number; passTimes: string[]; requiredPasses: number }>(rows: T[]) =>
          rows.map((r) => {
            const passes = r.passTimes.filter((p) => Date.parse(p) <= at).length;
            return { id: r.id, passes, status: passStatus(passes, r.requiredPasses) };
          });

        // Each incident in the state its last step before the moment left it.
        const v = visible(
          {
            role: user.role,
            userId: user.userId,
            deviceId: null,
            workerId: user.workerId,
            squadId: user.squadId,
            gridId: user.gridId,
            departmentId: user.departmentId,
          },
          2,
        );
        const states = await db.query<{ id: number; state: IncidentState }>(
          `SELECT DISTINCT ON (e.incident_id) e.incident_id AS id, e.to_state AS state
             FROM incident_events e JOIN incidents i ON i.id = e.incident_id
            WHERE e.at <= $1 AND e.action NOT IN ('attach', 'warning', 'overdue') AND ${v.sql}
            ORDER BY e.incident_id, e.id DESC`,
          [new Date(at), ...v.params],
        );
        const open = states.filter((s) => !isFinal(s.state));
        const rows = await Promise.all(
          open.map((s) =>
            incidents.load(db, s.id, { role: 'admin', userId: null, deviceId: null, workerId: null, squadId: null, gridId: null, departmentId: null }),
          ),
        );
        const incidentsThen = rows
          .map((r, i) => ({ r, state: open[i]!.state }))
          .filter(({ r }) => scope.squadId === null || r.squadId === scope.squadId)
          .map(({ r, state }) => {
            const running = r.deadline !== null && r.dispatchedAt !== null && r.dispatchedAt.getTime() <= at;
            return {
              ...incidents.summary(r, at),
              state,
              urgency: running ? urgencyOf(r.dispatchedAt!.getTime(), r.deadline!.getTime(), at) : ('normal' as const),
            };
          });

        return {
          date: query.date,
          at: new Date(at).toISOString(),
          live: query.date === shanghaiDay(Date.now()),
          workers: [...workers.values()],
          targets: upTo(items.targets),
          cells: upTo(items.cells),
          incidents: incidentsThen,
        };
      },
    }),
  ];
}
