// Seeds an empty database with the demo town of Xigang: the committed layers of geodata/xigang loaded as any
// town's are (server/town/load.ts), plus its organisation and the households and people generated from the
// seed at seed time (see geodata/).
import { DEPARTMENTS, SECTIONS } from '../../shared/org/xigang.ts';
import type { Role } from '../../shared/core/roles.ts';
import { readTown } from '../../geodata/files.ts';
import { generateHouseholds } from '../../geodata/households.ts';
import { generatePeople } from '../../geodata/people.ts';
import { generatePassword } from '../auth/passwords.ts';
import { createUser } from '../auth/users.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { geom, idCol, loadTown, withIds } from '../town/load.ts';
import { seedVisitHistory } from './history.ts';

export interface DemoAccount {
  username: string;
  role: Role;
  password: string;
}

export async function isSeeded(db: Queryable) {
  return (await db.query('SELECT 1 FROM town')).length > 0;
}

/** Loads the whole demo town in one transaction; returns the demo accounts with their passwords, to print once. */
/** `history`: the time to seed a past of visits before (the demo); tests start with none. */
export async function seedDemo(
  db: Db,
  opts: { seed: string; demoPassword?: string; history?: number },
): Promise<{ accounts: DemoAccount[]; households: number; visits: number }> {
  const town = await readTown();
  const households = withIds(generateHouseholds(town, opts.seed));
  const people = generatePeople(town, households, opts.seed);

  return db.transaction(async (tx) => {
    const { squadId, gridId } = await loadTown(tx, town);
    await tx.query(`INSERT INTO brigade (name, host) VALUES ('西岗巡查大队', '西岗镇社会治理综合服务中心')`);
    await bulkInsert(
      tx,
      'sections',
      [
        idCol(),
        { name: 'code', type: 'text', value: (s) => s.code },
        { name: 'name', type: 'text', value: (s) => s.name },
        { name: 'duty', type: 'text', value: (s) => s.duty },
        { name: 'posts', type: 'int', value: (s) => s.posts },
      ],
      withIds([...SECTIONS]),
    );
    await bulkInsert(
      tx,
      'departments',
      [
        idCol(),
        { name: 'code', type: 'text', value: (d) => d.code },
        { name: 'name', type: 'text', value: (d) => d.name },
        { name: 'headcount', type: 'int', value: (d) => d.headcount },
      ],
      withIds([...DEPARTMENTS]),
    );

    const workers = withIds(people.workers);
    await bulkInsert(
      tx,
      'workers',
      [
        idCol(),
        { name: 'name', type: 'text', value: (w) => w.name },
        { name: 'phone', type: 'text', value: (w) => w.phone },
        { name: 'squad_id', type: 'int', value: (w) => squadId.get(w.squadCode) },
        { name: 'hired_on', type: 'date', value: (w) => w.hiredOn },
      ],
      workers,
    );

    // Each grid's own worker (R4), once the workers exist.
    const owned = workers.filter((w) => gridId.has(w.gridCode));
    await tx.query('UPDATE grids g SET worker_id = x.w FROM unnest($1::int[], $2::int[]) AS x(g, w) WHERE g.id = x.g', [
      owned.map((w) => gridId.get(w.gridCode)),
      owned.map((w) => w.id),
    ]);
    // Back in their layer order on disk, as when each grid was written with its worker: reads without an
    // ORDER BY (the map's grid layer, the road cells' making) see the grids in the same order as before.
    await tx.query('CLUSTER grids USING grids_pkey');
    await bulkInsert(
      tx,
      'households',
      [
        idCol(),
        { name: 'address', type: 'text', value: (h) => h.address },
        { name: 'grid_id', type: 'int', value: (h) => gridId.get(h.gridCode) },
        { name: 'size', type: 'int', value: (h) => h.size },
        { name: 'geom', ...geom(), value: (h) => JSON.stringify({ type: 'Point', coordinates: h.lonLat }) },
      ],
      households,
    );
    await bulkInsert(
      tx,
      'focus_persons',
      [
        { name: 'household_id', type: 'int', value: (f) => f.householdIndex + 1 },
        { name: 'kind', type: 'text', value: (f) => f.kind },
        { name: 'category', type: 'text', value: (f) => f.category },
        { name: 'name', type: 'text', value: (f) => f.name },
        { name: 'gender', type: 'text', value: (f) => f.gender },
        { name: 'birth_year', type: 'int', value: (f) => f.birthYear },
        { name: 'phone', type: 'text', value: (f) => f.phone },
      ],
      people.focus,
    );
    const sectionId = new Map(SECTIONS.map((s, i) => [s.code as string, i + 1]));
    await bulkInsert(
      tx,
      'staff',
      [
        { name: 'name', type: 'text', value: (s) => s.name },
        { name: 'phone', type: 'text', value: (s) => s.phone },
        { name: 'position', type: 'text', value: (s) => s.position },
        { name: 'section_id', type: 'int', value: (s) => (s.sectionCode ? sectionId.get(s.sectionCode) : null) },
        { name: 'squad_id', type: 'int', value: (s) => (s.squadCode ? squadId.get(s.squadCode) : null) },
      ],
      people.staff,
    );
    // Equipment register (R7): two electric cars at the brigade, ten e-bikes, one terminal per worker.
    const equipment = [
      ...[1, 2].map((n) => ({ kind: 'electric_car', label: `电动汽车${n}号`, holder: null as number | null })),
      ...Array.from({ length: 10 }, (_, n) => ({ kind: 'ebike', label: `电动自行车${n + 1}号`, holder: workers[n * Math.floor(workers.length / 10)]!.id })),
      ...workers.map((w) => ({ kind: 'terminal', label: `手持终端${String(w.id).padStart(4, '0')}`, holder: w.id })),
    ];
    await bulkInsert(
      tx,
      'equipment',
      [
        { name: 'kind', type: 'text', value: (e) => e.kind },
        { name: 'label', type: 'text', value: (e) => e.label },
        { name: 'holder_worker_id', type: 'int', value: (e) => e.holder },
      ],
      equipment,
    );
    for (const t of ['workers', 'households', 'sections', 'departments'])
      await tx.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);

    // One account per role; squad leaders get one each.
    const staffNamed = (position: string, squad?: string) =>
      people.staff.find((s) => s.position === position && (squad === undefined || s.squadCode === squad))!.name;
    const plan: { username: string; displayName: string; role: Role; squadId?: number; workerId?: number; departmentId?: number }[] = [
      { username: 'leader', displayName: staffNamed('captain'), role: 'leader' },
      { username: 'duty', displayName: '值班员', role: 'duty' },
      { username: 'inspector', displayName: staffNamed('section_lead'), role: 'inspector' },
      { username: 'worker', displayName: workers[0]!.name, role: 'worker', workerId: workers[0]!.id },
      { username: 'wall', displayName: '指挥中心大屏', role: 'wall' },
      // A member department's desk (R6): it receives what the duty officers dispatch to 城管.
      { username: 'urban', displayName: '城管中队', role: 'department', departmentId: DEPARTMENTS.findIndex((d) => d.code === 'urban') + 1 },
      ...town.squads.features.map((s) => ({
        username: `squad${s.properties.code}`,
        displayName: staffNamed('squad_leader', s.properties.code),
        role: 'squad_leader' as const,
        squadId: squadId.get(s.properties.code)!,
      })),
    ];
    const accounts: DemoAccount[] = [];
    for (const p of plan) {
      const password = opts.demoPassword ?? generatePassword();
      await createUser(tx, { ...p, password });
      accounts.push({ username: p.username, role: p.role, password });
    }
    const visits = opts.history === undefined ? 0 : await seedVisitHistory(tx, opts.seed, opts.history);
    return { accounts, households: households.length, visits };
  });
}
