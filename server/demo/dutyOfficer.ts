// The demo's command centre at work (R31): a scripted duty officer registers, dispatches, verifies, feeds
// back and closes; the departments accept and handle what they are sent — some of them slowly, so the
// wall shows a realistic mix of states and a few overdue cases. It acts through the incident service as
// the seeded `duty` account, and every step goes out live like any other.
import { createRng } from '../../geodata/random.ts';
import type { IncidentAction, IncidentState } from '../../shared/incidents/machine.ts';
import type { ActionBody } from '../../shared/incidents/contract.ts';
import type { Actor } from '../incidents/access.ts';
import type { IncidentsCapability } from '../incidents/index.ts';
import type { Platform } from '../platform/capability.ts';

interface Open {
  id: number;
  state: IncidentState;
  version: number;
  categoryCode: string;
  gridId: number | null;
  assigneeDepartmentId: number | null;
  assigneeWorkerId: number | null;
  extensionPending: boolean;
  updatedAt: Date;
}

const MINUTE = 60_000;

export function startDutyOfficer({ db, log }: Platform, { service: incidents, feed: incidentFeed }: IncidentsCapability, seed: string, everyMs = 15_000) {
  const rng = createRng(`${seed}:duty`);
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const [officer] = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'duty'`);
      const duty: Actor = { role: 'duty', userId: officer?.id ?? null, deviceId: null, workerId: null, squadId: null, gridId: null, departmentId: null };
      const open = await db.query<Open>(
        `SELECT id, state, version, category_code AS "categoryCode", grid_id AS "gridId", assignee_department_id AS "assigneeDepartmentId",
                assignee_worker_id AS "assigneeWorkerId", extension_pending IS NOT NULL AS "extensionPending", updated_at AS "updatedAt"
           FROM incidents WHERE state NOT IN ('closed', 'rejected', 'merged', 'escalated', 'postponed') ORDER BY id`,
      );
      const now = Date.now();
      for (const i of open) {
        const idle = now - i.updatedAt.getTime();
        const step = await nextStep(i, idle, duty);
        if (!step) continue;
        const { actor, body } = step;
        try {
          const { row } = await incidents.act(actor, i.id, { ...body, version: i.version } as ActionBody);
          incidentFeed.publish(body.action, incidents.summary(row));
        } catch (err) {
          log.debug({ err, id: i.id, action: body.action }, 'duty officer: step refused');
        }
      }
    } catch (err) {
      log.error({ err }, 'duty officer failed');
    } finally {
      busy = false;
    }

    async function nextStep(i: Open, idle: number, duty: Actor): Promise<{ actor: Actor; body: { action: IncidentAction } & Record<string, unknown> } | null> {
      const desk: Actor = { ...duty, role: 'department', userId: null, departmentId: i.assigneeDepartmentId };
      const worker: Actor = { ...duty, role: 'worker', userId: null, workerId: i.assigneeWorkerId, gridId: i.gridId };
      const handler = i.assigneeDepartmentId !== null ? desk : worker;
      switch (i.state) {
        case 'reported':
          if (idle < 2 * MINUTE) return null;
          return rng.chance(0.06) ? { actor: duty, body: { action: 'reject', reason: '经核实不属于受理范围' } } : { actor: duty, body: { action: 'register' } };
        case 'registered': {
          if (idle < MINUTE) return null;
          const c = incidents.category(i.categoryCode);
          // Now and then an urgent order with a short deadline: the ones that run late show on the wall.
          const urgent = rng.chance(0.25) ? { deadlineHours: 0.5 } : {};
          if (c?.departmentId) return { actor: duty, body: { action: 'dispatch', departmentId: c.departmentId, ...urgent } };
          const [g] = await db.query<{ w: number | null }>('SELECT worker_id AS w FROM grids WHERE id = $1', [i.gridId]);
          return g?.w ? { actor: duty, body: { action: 'dispatch', workerId: g.w, ...urgent } } : null;
        }
        case 'dispatched':
          // Some desks are slow to pick up: those cases go amber, then red.
          return idle > 3 * MINUTE && rng.chance(0.5) ? { actor: handler, body: { action: 'accept' } } : null;
        case 'in_progress':
          return idle > 8 * MINUTE && rng.chance(0.4) ? { actor: handler, body: { action: 'handle', result: '已处置完毕' } } : null;
        case 'handled':
          if (idle < 3 * MINUTE) return null;
          return rng.chance(0.12) ? { actor: duty, body: { action: 'rework', reason: '核查未达标，返工' } } : { actor: duty, body: { action: 'verify' } };
        case 'verified':
          return idle > 2 * MINUTE
            ? { actor: duty, body: { action: 'feedback', method: 'phone', content: '已电话回访', satisfaction: rng.chance(0.85) ? 'satisfied' : 'basically' } }
            : null;
        case 'fed_back':
          return idle > MINUTE ? { actor: duty, body: { action: 'close' } } : null;
        default:
          return null;
      }
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
