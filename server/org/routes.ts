import { BRIGADE_ROLES } from '../../shared/core/roles.ts';
import { maskName } from '../../shared/core/mask.ts';
import { rotatingChairIndex, CHAIR_ROTATION_START } from '../../shared/org/chair.ts';
import type { z } from 'zod';
import { type Department, org } from '../../shared/org/contract.ts';
import { quarterDays, shanghaiQuarter } from '../../shared/core/time.ts';
import { placeFilter, placeParams, scopeFor, seesNames } from '../auth/scope.ts';
import type { Platform } from '../platform/capability.ts';
import { route } from '../platform/http/route.ts';

/** A department as the API answers it (R6). */
export const DEPARTMENT_COLUMNS = `id, code, name, headcount, contact_name AS "contactName", contact_phone AS "contactPhone"`;

export function orgRoutes({ db }: Platform) {
  return [
    route(org.org, {
      summary: 'The brigade: 三组一队 sections, nine squads, member departments, the rotating chair (R1-R6)',
      access: BRIGADE_ROLES,
      async handler({ user }) {
        const name = (n: string | null) => (n == null ? null : seesNames(user.role) ? n : maskName(n));
        const [brigade] = await db.query<{ name: string; host: string }>('SELECT name, host FROM brigade');
        const [town] = await db.query<{ code: string; name: string }>('SELECT code, name FROM town');
        const sections = await db.query<{ code: string; name: string; duty: string; posts: number; lead: string | null }>(
          `SELECT s.code, s.name, s.duty, s.posts, st.name AS lead FROM sections s
             LEFT JOIN staff st ON st.section_id = s.id AND st.position = 'section_lead' ORDER BY s.id`,
        );
        const squads = await db.query<{
          id: number;
          code: string;
          name: string;
          branch: string;
          leader: string | null;
          grids: number;
          workers: number;
          villages: number;
        }>(
          `SELECT q.id, q.code, q.name, q.branch, st.name AS leader,
                  (SELECT count(*)::int FROM grids g WHERE g.squad_id = q.id) AS grids,
                  (SELECT count(*)::int FROM workers w WHERE w.squad_id = q.id AND w.status <> 'left') AS workers,
                  (SELECT count(*)::int FROM villages v WHERE v.squad_id = q.id) AS villages
             FROM squads q LEFT JOIN staff st ON st.squad_id = q.id AND st.position = 'squad_leader' ORDER BY q.code`,
        );
        const departments = (await db.query<z.infer<typeof Department>>(`SELECT ${DEPARTMENT_COLUMNS} FROM departments ORDER BY id`)).map((d) => ({
          ...d,
          contactName: name(d.contactName),
          contactPhone: seesNames(user.role) ? d.contactPhone : null,
        }));
        const leaders = await db.query<{ position: string; name: string }>(
          `SELECT position, name FROM staff WHERE position IN ('captain', 'deputy') ORDER BY id`,
        );
        const now = new Date();
        const chair = squads.length ? squads[rotatingChairIndex(squads.length, now)]! : null;
        const q = shanghaiQuarter(now);
        const days = quarterDays(q.year, q.quarter);
        return {
          town: town ?? null,
          brigade: brigade
            ? {
                ...brigade,
                captain: name(leaders.find((l) => l.position === 'captain')?.name ?? null),
                deputies: leaders.filter((l) => l.position === 'deputy').map((l) => name(l.name)),
              }
            : null,
          sections: sections.map((s) => ({ ...s, lead: name(s.lead) })),
          squads: squads.map((s) => ({ ...s, leader: name(s.leader) })),
          departments,
          rotatingChair: chair && {
            squadId: chair.id,
            squad: chair.name,
            leader: name(chair.leader),
            quarter: `${q.year}Q${q.quarter}`,
            quarterStart: days.first,
            quarterEnd: days.last,
            rotationStart: `${CHAIR_ROTATION_START.year}Q${CHAIR_ROTATION_START.quarter}`,
          },
        };
      },
    }),
    route(org.workers, {
      summary: 'Grid workers (网格员) in scope; names masked and phones hidden for the wall (R40)',
      access: BRIGADE_ROLES,
      async handler({ user, query }) {
        const scope = scopeFor(user, query.squad);
        const rows = await db.query<{
          id: number;
          name: string;
          phone: string;
          squadId: number;
          gridId: number | null;
          gridCode: string | null;
          hiredOn: string;
          status: string;
        }>(
          `SELECT w.id, w.name, w.phone, w.squad_id AS "squadId", g.id AS "gridId", g.code AS "gridCode", w.hired_on AS "hiredOn", w.status
             FROM workers w LEFT JOIN grids g ON g.worker_id = w.id
            WHERE ${placeFilter('w.squad_id', 'g.id', 1)}
            ORDER BY g.code NULLS LAST, w.id`,
          placeParams(scope),
        );
        const full = seesNames(user.role);
        // The wall gets no phone numbers, not even masked (SECURITY.md).
        return rows.map((w) => ({ ...w, name: full ? w.name : maskName(w.name), phone: full ? w.phone : null }));
      },
    }),
  ];
}
