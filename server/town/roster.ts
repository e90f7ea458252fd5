// Bringing in the workers' roster (网格员, R4) and the member departments (成员单位, R6) as one table each
// (.xlsx/.csv), issue 17. Workers are matched by their phone (one phone, one person), departments by their
// code; nothing is removed (a worker leaves through the status change, R16, so that the day's notice and
// the dated holders stay true). A worker's grid is handed to them from today, one worker a grid and one
// grid a worker (R4): a grid's holder who is not given it again by the file is released. Every bad row is
// named with what is wrong.
import type { ImportPlan } from '../../shared/town/contract.ts';
import type { Columns } from '../../shared/town/mapping.ts';
import { DEPARTMENT_CODE, PHONE } from '../../shared/org/contract.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import { recordHolders } from '../org/staffing.ts';
import { cell, Problems } from './households.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

type Kind = 'workers' | 'departments';

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
/** A day as tables write it: 2024-03-01, 2024/3/1, 2024.3.1 (a date cell is read as its ISO day). */
const dayOf = (s: string) => {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s;
};

function planOf(layer: ReadLayer, kind: Kind, counts: ImportPlan['counts'], problems: Problems): ImportPlan {
  return {
    layer: layer.name,
    kind,
    counts,
    changes: { type: 'FeatureCollection', features: [] },
    problems: problems.done(),
    blocked: problems.blocked,
    moves: { targets: 0, households: 0, roadCells: 0 },
  };
}

async function planWorkers(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems): Promise<ImportPlan['counts']> {
  const today = shanghaiDay(Date.now());
  const rows: { feature: number; name: string; phone: string; squad: string; grid: string | null; hired: string | null }[] = [];
  const phones = new Map<string, number>();
  const grids = new Map<string, number>();
  for (const [i, f] of layer.collection.features.entries()) {
    const name = cell(f, map.nameField);
    const say = (message: string) => problems.add({ feature: i + 1, label: name || `#${i + 1}`, message, severity: 'error' });
    const phone = cell(f, map.phoneField).replace(/\s+/g, '');
    const grid = cell(f, map.gridField) || null;
    const hiredText = cell(f, map.hiredField);
    const hired = hiredText ? dayOf(hiredText) : null;
    const before = problems.list.length;
    if (!name) say(`it has no name (${map.nameField})`);
    if (!PHONE.test(phone)) say(`its phone (${map.phoneField}) "${phone}" is not a phone number`);
    else if (phones.has(phone)) say(`its phone ${phone} is also that of row ${phones.get(phone)}: one phone, one worker`);
    if (!cell(f, map.squadField)) say(`it has no squad (${map.squadField})`);
    if (grid !== null && !/^\d{14}$/.test(grid)) say(`its grid (${map.gridField}) "${grid}" is not a 14-digit grid code`);
    else if (grid !== null && grids.has(grid)) say(`its grid ${grid} is also that of row ${grids.get(grid)}: one worker a grid (R4)`);
    if (hired !== null && (!isDay(hired) || hired > today)) say(`its hiring day (${map.hiredField}) "${hiredText}" is not a day up to today`);
    if (problems.list.length > before) continue;
    phones.set(phone, i + 1);
    if (grid) grids.set(grid, i + 1);
    rows.push({ feature: i + 1, name, phone, squad: cell(f, map.squadField), grid, hired });
  }
  await tx.query(`CREATE TEMP TABLE import_workers (feature int PRIMARY KEY, name text NOT NULL, phone text NOT NULL, squad text NOT NULL,
                                                    grid text, hired_on date, squad_id int, grid_id int, grid_squad_id int, worker_id int) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_workers',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'phone', type: 'text', value: (r) => r.phone },
      { name: 'squad', type: 'text', value: (r) => r.squad },
      { name: 'grid', type: 'text', value: (r) => r.grid },
      { name: 'hired_on', type: 'date', value: (r) => r.hired },
    ],
    rows,
  );
  await tx.query(
    `UPDATE import_workers i SET squad_id = (SELECT s.id FROM squads s WHERE s.code = i.squad OR s.name = i.squad ORDER BY s.id LIMIT 1),
            worker_id = (SELECT w.id FROM workers w WHERE regexp_replace(w.phone, '\\s', '', 'g') = i.phone ORDER BY w.id LIMIT 1)`,
  );
  await tx.query(`UPDATE import_workers i SET grid_id = g.id, grid_squad_id = g.squad_id FROM grids g WHERE g.code = i.grid AND ${current('g')}`);
  for (const r of await tx.query<{
    feature: number;
    name: string;
    squad: string;
    grid: string | null;
    gridId: number | null;
    squadOk: boolean;
    status: string | null;
  }>(
    `SELECT i.feature, i.name, i.squad, i.grid, i.grid_id AS "gridId", i.squad_id IS NOT NULL AND (i.grid_id IS NULL OR i.grid_squad_id = i.squad_id) AS "squadOk",
            w.status FROM import_workers i LEFT JOIN workers w ON w.id = i.worker_id
      WHERE i.squad_id IS NULL OR (i.grid IS NOT NULL AND (i.grid_id IS NULL OR i.grid_squad_id <> i.squad_id OR w.status IN ('leave', 'left')))
      ORDER BY i.feature`,
  )) {
    const say = (message: string) => problems.add({ feature: r.feature, label: r.name, message, severity: 'error' });
    if (!r.squadOk && r.gridId === null && r.grid === null) say(`its squad (${map.squadField}) "${r.squad}" is not a squad’s code or name`);
    else if (r.grid !== null && r.gridId === null) say(`its grid ${r.grid} is not a grid of the town`);
    else if (!r.squadOk) say(`its grid ${r.grid} is not of its squad "${r.squad}": a worker patrols a grid of their squad (R3, R4)`);
    else if (r.status) say(`it is ${r.status === 'leave' ? 'on leave' : 'gone'}: only an active worker takes a grid (R4)`);
  }
  // A transfer to another squad while holding a grid of the old one, as the organisation tab refuses it (R3, R4).
  for (const r of await tx.query<{ feature: number; name: string; code: string }>(
    `SELECT i.feature, i.name, g.code FROM import_workers i JOIN grids g ON g.worker_id = i.worker_id
      WHERE i.grid IS NULL AND i.squad_id IS NOT NULL AND g.squad_id <> i.squad_id ORDER BY i.feature`,
  ))
    problems.add({
      feature: r.feature,
      label: r.name,
      message: `it holds grid ${r.code} of its old squad: give it a grid of its new squad, or hand that grid over first (R3, R4)`,
      severity: 'error',
    });
  // Whom the roster leaves without their grid: it goes to another worker of the file (R4).
  for (const r of await tx.query<{ feature: number; worker: string; code: string }>(
    `SELECT i.feature, w.name AS worker, g.code FROM import_workers i JOIN grids g ON g.id = i.grid_id JOIN workers w ON w.id = g.worker_id
      WHERE i.worker_id IS DISTINCT FROM w.id ORDER BY i.feature`,
  ))
    problems.add({ feature: r.feature, label: r.code, message: `grid ${r.code} passes from ${r.worker} to this worker from today (R4)`, severity: 'warning' });
  const [c] = await tx.query<ImportPlan['counts']>(
    `SELECT count(*) FILTER (WHERE i.worker_id IS NULL)::int AS added, 0 AS removed,
            count(*) FILTER (WHERE w.id IS NOT NULL AND (w.name <> i.name OR w.squad_id <> i.squad_id OR w.hired_on <> coalesce(i.hired_on, w.hired_on)
                                                      OR (i.grid_id IS NOT NULL AND g.id IS DISTINCT FROM i.grid_id)))::int AS changed,
            count(*) FILTER (WHERE w.id IS NOT NULL AND NOT (w.name <> i.name OR w.squad_id <> i.squad_id OR w.hired_on <> coalesce(i.hired_on, w.hired_on)
                                                      OR (i.grid_id IS NOT NULL AND g.id IS DISTINCT FROM i.grid_id)))::int AS unchanged
       FROM import_workers i LEFT JOIN workers w ON w.id = i.worker_id LEFT JOIN grids g ON g.worker_id = w.id`,
  );
  return c!;
}

async function planDepartments(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems): Promise<ImportPlan['counts']> {
  const rows: { feature: number; code: string; name: string; headcount: number | null; contact: string | null; phone: string | null }[] = [];
  const codes = new Map<string, number>();
  for (const [i, f] of layer.collection.features.entries()) {
    const name = cell(f, map.nameField);
    const code = cell(f, map.codeField);
    const say = (message: string) => problems.add({ feature: i + 1, label: name || code || `#${i + 1}`, message, severity: 'error' });
    const headcountText = cell(f, map.headcountField);
    const headcount = headcountText === '' ? null : Number(headcountText);
    const phone = cell(f, map.phoneField).replace(/\s+/g, '') || null;
    const before = problems.list.length;
    if (!DEPARTMENT_CODE.test(code)) say(`its code (${map.codeField}) "${code}" is not 2–32 characters of a–z, 0–9 and _ beginning with a letter`);
    else if (codes.has(code)) say(`its code ${code} is also that of row ${codes.get(code)}`);
    if (!name) say(`it has no name (${map.nameField})`);
    if (headcount !== null && !(Number.isInteger(headcount) && headcount >= 0 && headcount <= 1000))
      say(`its headcount (${map.headcountField}) "${headcountText}" is not a whole number from 0 to 1000`);
    if (phone !== null && !PHONE.test(phone)) say(`its contact’s phone (${map.phoneField}) "${phone}" is not a phone number`);
    if (problems.list.length > before) continue;
    codes.set(code, i + 1);
    rows.push({ feature: i + 1, code, name, headcount, contact: cell(f, map.contactField) || null, phone });
  }
  await tx.query(`CREATE TEMP TABLE import_departments (feature int PRIMARY KEY, code text NOT NULL, name text NOT NULL, headcount int,
                                                        contact_name text, contact_phone text) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_departments',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'code', type: 'text', value: (r) => r.code },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'headcount', type: 'int', value: (r) => r.headcount },
      { name: 'contact_name', type: 'text', value: (r) => r.contact },
      { name: 'contact_phone', type: 'text', value: (r) => r.phone },
    ],
    rows,
  );
  const differs = `(d.name <> i.name OR d.headcount <> coalesce(i.headcount, d.headcount) OR d.contact_name IS DISTINCT FROM coalesce(i.contact_name, d.contact_name)
                    OR d.contact_phone IS DISTINCT FROM coalesce(i.contact_phone, d.contact_phone))`;
  const [c] = await tx.query<ImportPlan['counts']>(
    `SELECT count(*) FILTER (WHERE d.id IS NULL)::int AS added, count(*) FILTER (WHERE d.id IS NOT NULL AND ${differs})::int AS changed,
            count(*) FILTER (WHERE d.id IS NOT NULL AND NOT ${differs})::int AS unchanged, 0 AS removed
       FROM import_departments i LEFT JOIN departments d ON d.code = i.code`,
  );
  return c!;
}

export async function planRosterIn(tx: Queryable, layer: ReadLayer, kind: Kind, map: Columns): Promise<ImportPlan> {
  const problems = new Problems();
  const counts = kind === 'workers' ? await planWorkers(tx, layer, map, problems) : await planDepartments(tx, layer, map, problems);
  return planOf(layer, kind, counts, problems);
}

/** Applies a roster plan without errors in its transaction; a worker's grid is theirs from today (the dated holders of R4). */
export async function applyRosterPlan(tx: Queryable, kind: Kind, revisionId: number, today: string) {
  if (kind === 'departments') {
    await tx.query(
      `INSERT INTO departments (code, name, headcount, contact_name, contact_phone)
       SELECT code, name, coalesce(headcount, 0), contact_name, contact_phone FROM import_departments ORDER BY feature
       ON CONFLICT (code) DO UPDATE SET name = excluded.name,
         headcount = CASE WHEN (SELECT headcount FROM import_departments WHERE code = excluded.code) IS NULL THEN departments.headcount ELSE excluded.headcount END,
         contact_name = coalesce(excluded.contact_name, departments.contact_name), contact_phone = coalesce(excluded.contact_phone, departments.contact_phone)`,
    );
    return;
  }
  await tx.query(
    `UPDATE workers w SET name = i.name, squad_id = i.squad_id, hired_on = coalesce(i.hired_on, w.hired_on) FROM import_workers i WHERE w.id = i.worker_id`,
  );
  const added = await tx.query<{ id: number; feature: number }>(
    `WITH ins AS (
       INSERT INTO workers (name, phone, squad_id, hired_on) SELECT name, phone, squad_id, coalesce(hired_on, $1::date) FROM import_workers WHERE worker_id IS NULL ORDER BY feature
       RETURNING id, phone)
     SELECT ins.id, i.feature FROM ins JOIN import_workers i ON i.phone = ins.phone`,
    [today],
  );
  await tx.query('UPDATE import_workers i SET worker_id = u.id FROM unnest($1::int[], $2::int[]) AS u(id, feature) WHERE i.feature = u.feature', [
    added.map((a) => a.id),
    added.map((a) => a.feature),
  ]);
  // The handovers from today: the grids given to someone else and the workers' other grids released first (grids.worker_id is unique).
  await recordHolders(tx);
  const handed = `SELECT i.grid_id, i.worker_id FROM import_workers i JOIN grids g ON g.id = i.grid_id WHERE g.worker_id IS DISTINCT FROM i.worker_id`;
  await tx.query(
    `UPDATE grid_assignments a SET to_day = greatest(a.from_day, $1::date) FROM (${handed}) h WHERE a.to_day IS NULL AND (a.grid_id = h.grid_id OR a.worker_id = h.worker_id)`,
    [today],
  );
  await tx.query(`CREATE TEMP TABLE import_handed ON COMMIT DROP AS ${handed}`);
  await tx.query('UPDATE grids g SET worker_id = NULL FROM import_handed h WHERE g.id = h.grid_id OR g.worker_id = h.worker_id');
  await tx.query('UPDATE grids g SET worker_id = h.worker_id FROM import_handed h WHERE g.id = h.grid_id');
  await tx.query(
    `INSERT INTO grid_assignments (grid_id, worker_id, from_day, by_user_id) SELECT h.grid_id, h.worker_id, $1, (SELECT user_id FROM town_revisions WHERE id = $2) FROM import_handed h`,
    [today, revisionId],
  );
}
