// Incident classes and the working-time calendar: seeded once from shared/ (every deployment needs them),
// then edited by an administrator; read by the workflow to set deadlines.
import { CATEGORY_MAJORS, CATEGORY_SEED } from '../../shared/incidents/categories.ts';
import type { Category } from '../../shared/incidents/contract.ts';
import { CALENDAR_SEED, type WorkCalendar } from '../../shared/incidents/workingTime.ts';
import type { Queryable } from '../platform/db/index.ts';

export type { Category };

export async function ensureCatalog(q: Queryable) {
  const [have] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_categories');
  if (have!.n === 0) {
    const major = new Map(CATEGORY_MAJORS.map((m) => [m.code, m.name]));
    await q.query(
      `INSERT INTO incident_categories (code, major_name, name, department_id, time_limit_h, hours_kind, on_spot, filing, closing)
       SELECT u.code, u.major, u.name, d.id, u.hours, u.kind, u.on_spot, u.filing, u.closing
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::boolean[], $8::text[], $9::text[])
              AS u(code, major, name, dept, hours, kind, on_spot, filing, closing)
         LEFT JOIN departments d ON d.code = u.dept`,
      [
        CATEGORY_SEED.map((c) => c.code),
        CATEGORY_SEED.map((c) => major.get(c.code.slice(0, 2))!),
        CATEGORY_SEED.map((c) => c.name),
        CATEGORY_SEED.map((c) => c.department),
        CATEGORY_SEED.map((c) => c.timeLimitH),
        CATEGORY_SEED.map((c) => c.hours),
        CATEGORY_SEED.map((c) => c.onSpot),
        CATEGORY_SEED.map((c) => c.filing),
        CATEGORY_SEED.map((c) => c.closing),
      ],
    );
  }
  const [days] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM calendar_days');
  if (days!.n === 0)
    await q.query(`INSERT INTO calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`, [
      CALENDAR_SEED.map((d) => d.day),
      CALENDAR_SEED.map((d) => d.kind),
      CALENDAR_SEED.map((d) => d.name),
    ]);
}

export async function loadCategories(q: Queryable): Promise<Category[]> {
  return q.query<Category>(
    `SELECT c.code, c.major_name AS "majorName", c.name, c.department_id AS "departmentId", d.name AS department, c.time_limit_h::float8 AS "timeLimitH",
            c.hours_kind AS "hoursKind", c.on_spot AS "onSpot", c.filing, c.closing, c.active
       FROM incident_categories c LEFT JOIN departments d ON d.id = c.department_id ORDER BY c.code`,
  );
}

export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  const rows = await q.query<{ day: string; kind: string }>('SELECT day, kind FROM calendar_days');
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
}
