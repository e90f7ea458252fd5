// Bringing in a town's households (实有房屋/住户, points) and their people (实有人口, a table), issue 17, R8, R14.
// Households are matched to the town's by their code, else by their address, and each is placed in the
// grid its point lies in (PostGIS); people are matched by their ID number, else by household and name.
// Nothing is deleted: a household or person missing from the file is kept (workers de-register them on the
// spot, R8). Every problem names its row; a file of a hundred thousand rows answers the first
// MAX_PROBLEMS of them and how many more there are.
import type { Feature } from 'geojson';
import type { ImportPlan } from '../../shared/town/contract.ts';
import { readIdCard } from '../../shared/town/idcard.ts';
import type { Columns } from '../../shared/town/mapping.ts';
import { malformedGeometry, type Problem } from '../../shared/town/validate.ts';
import { bulkInsert } from '../platform/db/bulk.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { ReadLayer } from './read.ts';
import { current } from './validity.ts';

/** Problems listed one by one; beyond this they are counted. */
export const MAX_PROBLEMS = 200;

type At = [number, number];

class Problems {
  readonly list: Problem[] = [];
  private more = { error: 0, warning: 0 };
  add(p: Problem) {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.more[p.severity]++;
  }
  get blocked() {
    return this.more.error > 0 || this.list.some((p) => p.severity === 'error');
  }
  done(): Problem[] {
    const tail = (['error', 'warning'] as const)
      .filter((s) => this.more[s] > 0)
      .map((s) => ({ feature: 0, label: '', message: `and ${this.more[s]} more ${s}s like these`, severity: s }));
    return [...this.list.sort((a, b) => a.feature - b.feature), ...tail];
  }
}

const text = (v: unknown) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());
const cell = (f: Feature, column: string | undefined) => (column ? text(f.properties?.[column]) : '');

/** What a plan says of a layer of points or rows: counts only (nothing is removed), and its problems. */
function planOf(
  layer: ReadLayer,
  kind: 'households' | 'people',
  counts: ImportPlan['counts'],
  problems: Problems,
  changes: ImportPlan['changes']['features'] = [],
): ImportPlan {
  const list = problems.done();
  return {
    layer: layer.name,
    kind,
    counts,
    changes: { type: 'FeatureCollection', features: changes },
    problems: list,
    blocked: problems.blocked,
    moves: { targets: 0, households: 0, roadCells: 0 },
  };
}

/** Households of the file in a table of this transaction, each with the household it is and the grid its point lies in. */
async function stageHouseholds(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems) {
  const rows: { feature: number; code: string | null; address: string; size: number; point: string }[] = [];
  const seen = new Map<string, number>();
  for (const [i, f] of layer.collection.features.entries()) {
    const say = (message: string, severity: Problem['severity'] = 'error') =>
      problems.add({
        feature: i + 1,
        label: cell(f, map.addressField) || `#${i + 1}`,
        message,
        severity,
        ...(f.geometry?.type === 'Point' ? { at: f.geometry.coordinates.slice(0, 2) as At } : {}),
      });
    const address = cell(f, map.addressField);
    const code = cell(f, map.codeField) || null;
    const sizeText = cell(f, map.sizeField);
    const size = sizeText === '' ? 1 : Number(sizeText);
    if (f.geometry?.type !== 'Point' || malformedGeometry(f.geometry)) {
      say('a household is a point with a longitude and a latitude');
      continue;
    }
    if (!address) {
      say(`it has no address (${map.addressField})`);
      continue;
    }
    if (!Number.isInteger(size) || size < 1 || size > 99) {
      say(`its size (${map.sizeField}) "${sizeText}" is not a number of people from 1 to 99`);
      continue;
    }
    const key = code ?? `@${address}`;
    if (seen.has(key)) {
      say(`its ${code ? `code ${code}` : `address ${address}`} is also that of row ${seen.get(key)}`);
      continue;
    }
    seen.set(key, i + 1);
    rows.push({ feature: i + 1, code, address, size, point: JSON.stringify(f.geometry) });
  }
  await tx.query(`CREATE TEMP TABLE import_homes (feature int PRIMARY KEY, code text, address text NOT NULL, size int NOT NULL, geom geometry(Point, 4326) NOT NULL,
                                                  grid_id int, household_id int) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_homes',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'code', type: 'text', value: (r) => r.code },
      { name: 'address', type: 'text', value: (r) => r.address },
      { name: 'size', type: 'int', value: (r) => r.size },
      { name: 'geom', type: 'text', expr: 'ST_SetSRID(ST_GeomFromGeoJSON(v), 4326)', value: (r) => r.point },
    ],
    rows,
  );
  // The grid each lies in (the first by id where two touch), and the household it is: by code, else by address.
  await tx.query(`UPDATE import_homes i SET grid_id = (SELECT g.id FROM grids g WHERE ${current('g')} AND ST_Covers(g.area, i.geom) ORDER BY g.id LIMIT 1)`);
  await tx.query(`UPDATE import_homes i SET household_id = h.id FROM households h WHERE i.code IS NOT NULL AND h.code = i.code`);
  await tx.query(
    `UPDATE import_homes i SET household_id = (SELECT min(h.id) FROM households h WHERE h.address = i.address AND (h.code IS NULL OR i.code IS NULL))
      WHERE i.household_id IS NULL`,
  );
}

const HOME_CHANGED = `(h.address <> i.address OR h.size <> i.size OR h.grid_id <> i.grid_id OR h.code IS DISTINCT FROM coalesce(i.code, h.code)
                       OR ST_Distance(h.geom::geography, i.geom::geography) > 1)`;

async function planHouseholdsIn(tx: Queryable, layer: ReadLayer, map: Columns): Promise<ImportPlan> {
  const problems = new Problems();
  await stageHouseholds(tx, layer, map, problems);
  for (const r of await tx.query<{ feature: number; address: string; at: At }>(
    `SELECT feature, address, json_build_array(ST_X(geom), ST_Y(geom)) AS at FROM import_homes WHERE grid_id IS NULL ORDER BY feature`,
  ))
    problems.add({ feature: r.feature, label: r.address, message: 'it lies in no grid of the town', severity: 'error', at: r.at });
  const [c] = await tx.query<{ added: number; changed: number; unchanged: number; kept: number }>(
    `SELECT count(*) FILTER (WHERE i.household_id IS NULL)::int AS added, count(*) FILTER (WHERE h.id IS NOT NULL AND ${HOME_CHANGED})::int AS changed,
            count(*) FILTER (WHERE h.id IS NOT NULL AND NOT ${HOME_CHANGED})::int AS unchanged,
            (SELECT count(*)::int FROM households x WHERE NOT EXISTS (SELECT 1 FROM import_homes y WHERE y.household_id = x.id)) AS kept
       FROM import_homes i LEFT JOIN households h ON h.id = i.household_id`,
  );
  if (c!.kept)
    problems.add({ feature: 0, label: '', message: `${c!.kept} households of the town are not in the file: they are kept as they are`, severity: 'warning' });
  const changes = await tx.query<ImportPlan['changes']['features'][number]>(
    `SELECT 'Feature' AS type, ST_AsGeoJSON(i.geom, 7)::json AS geometry,
            json_build_object('code', coalesce(i.code, ''), 'name', i.address, 'change', CASE WHEN h.id IS NULL THEN 'added' ELSE 'changed' END) AS properties
       FROM import_homes i LEFT JOIN households h ON h.id = i.household_id WHERE i.grid_id IS NOT NULL AND (h.id IS NULL OR ${HOME_CHANGED})
      ORDER BY i.feature LIMIT 5000`,
  );
  return planOf(layer, 'households', { added: c!.added, changed: c!.changed, removed: 0, unchanged: c!.unchanged }, problems, changes);
}

/** People of the file in a table of this transaction, each with the household and the resident they are. */
async function stagePeople(tx: Queryable, layer: ReadLayer, map: Columns, problems: Problems) {
  const rows: {
    feature: number;
    household: string;
    name: string;
    id: string | null;
    gender: string | null;
    birthYear: number | null;
    phone: string;
    relation: string;
  }[] = [];
  const seen = new Map<string, number>();
  for (const [i, f] of layer.collection.features.entries()) {
    const name = cell(f, map.nameField);
    const say = (message: string, severity: Problem['severity'] = 'error') => problems.add({ feature: i + 1, label: name || `#${i + 1}`, message, severity });
    const household = cell(f, map.householdField);
    const id = cell(f, map.idField).toUpperCase() || null;
    if (!name) {
      say(`it has no name (${map.nameField})`);
      continue;
    }
    if (!household) {
      say(`it names no household (${map.householdField})`);
      continue;
    }
    const card = id ? readIdCard(id) : null;
    if (id && !card) say(`its ID number ${id.slice(0, 6)}… is not a valid 18-digit number: kept as written, to be checked on the spot`, 'warning');
    if (id && seen.has(id)) {
      say(`its ID number is also that of row ${seen.get(id)}`);
      continue;
    }
    if (id) seen.set(id, i + 1);
    const genderText = cell(f, map.genderField);
    const gender =
      genderText === '' ? (card?.gender ?? null) : /^(男|m|male|1)$/i.test(genderText) ? '男' : /^(女|f|female|2)$/i.test(genderText) ? '女' : undefined;
    if (gender === undefined) {
      say(`its gender (${map.genderField}) "${genderText}" is not 男 or 女`);
      continue;
    }
    if (card && gender && gender !== card.gender) say(`its gender ${gender} is not the one its ID number gives (${card.gender})`, 'warning');
    const birthText = cell(f, map.birthField);
    const birthYear = birthText === '' ? (card?.birthYear ?? null) : Number(/^(\d{4})/.exec(birthText)?.[1] ?? Number.NaN);
    if (birthYear !== null && !(birthYear >= 1880 && birthYear <= new Date().getFullYear())) {
      say(`its birth (${map.birthField}) "${birthText}" is not a year or a date`);
      continue;
    }
    rows.push({ feature: i + 1, household, name, id, gender, birthYear, phone: cell(f, map.phoneField), relation: cell(f, map.relationField) });
  }
  await tx.query(`CREATE TEMP TABLE import_people (feature int PRIMARY KEY, household text NOT NULL, name text NOT NULL, id_number text, gender text,
                                                   birth_year int, phone text NOT NULL, relation text NOT NULL, household_id int, resident_id int) ON COMMIT DROP`);
  await bulkInsert(
    tx,
    'import_people',
    [
      { name: 'feature', type: 'int', value: (r) => r.feature },
      { name: 'household', type: 'text', value: (r) => r.household },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'id_number', type: 'text', value: (r) => r.id },
      { name: 'gender', type: 'text', value: (r) => r.gender },
      { name: 'birth_year', type: 'int', value: (r) => r.birthYear },
      { name: 'phone', type: 'text', value: (r) => r.phone },
      { name: 'relation', type: 'text', value: (r) => r.relation },
    ],
    rows,
  );
  // A household by its code, else by its address (the first of that address).
  await tx.query(`UPDATE import_people p SET household_id = h.id FROM households h WHERE h.code = p.household`);
  await tx.query(
    `UPDATE import_people p SET household_id = h.id FROM (SELECT address, min(id) AS id FROM households GROUP BY address) h
      WHERE p.household_id IS NULL AND h.address = p.household`,
  );
  await tx.query(`UPDATE import_people p SET resident_id = r.id FROM residents r WHERE p.id_number IS NOT NULL AND r.id_number = p.id_number`);
  await tx.query(
    `UPDATE import_people p SET resident_id = (SELECT min(r.id) FROM residents r WHERE r.household_id = p.household_id AND r.name = p.name)
      WHERE p.resident_id IS NULL AND p.household_id IS NOT NULL`,
  );
}

const PERSON_CHANGED = `(r.household_id <> p.household_id OR r.name <> p.name OR r.id_number IS DISTINCT FROM coalesce(p.id_number, r.id_number)
                         OR r.gender IS DISTINCT FROM coalesce(p.gender, r.gender) OR r.birth_year IS DISTINCT FROM coalesce(p.birth_year, r.birth_year)
                         OR r.phone <> p.phone OR r.relation <> p.relation)`;

async function planPeopleIn(tx: Queryable, layer: ReadLayer, map: Columns): Promise<ImportPlan> {
  const problems = new Problems();
  await stagePeople(tx, layer, map, problems);
  for (const r of await tx.query<{ feature: number; name: string; household: string }>(
    'SELECT feature, name, household FROM import_people WHERE household_id IS NULL ORDER BY feature',
  ))
    problems.add({
      feature: r.feature,
      label: r.name,
      message: `its household ${r.household} is neither the code nor the address of a household of the town`,
      severity: 'error',
    });
  const [c] = await tx.query<{ added: number; changed: number; unchanged: number }>(
    `SELECT count(*) FILTER (WHERE p.resident_id IS NULL)::int AS added, count(*) FILTER (WHERE r.id IS NOT NULL AND ${PERSON_CHANGED})::int AS changed,
            count(*) FILTER (WHERE r.id IS NOT NULL AND NOT ${PERSON_CHANGED})::int AS unchanged
       FROM import_people p LEFT JOIN residents r ON r.id = p.resident_id`,
  );
  return planOf(layer, 'people', { added: c!.added, changed: c!.changed, removed: 0, unchanged: c!.unchanged }, problems);
}

export const planHouseholdsOrPeople = (tx: Queryable, layer: ReadLayer, kind: 'households' | 'people', map: Columns) =>
  kind === 'households' ? planHouseholdsIn(tx, layer, map) : planPeopleIn(tx, layer, map);

/** Applies a plan without errors, in the plan's transaction: households placed in their grids, people in their households. */
export async function applyHouseholdsOrPeople(tx: Queryable, kind: 'households' | 'people') {
  if (kind === 'households') {
    await tx.query(
      `UPDATE households h SET address = i.address, size = i.size, grid_id = i.grid_id, geom = i.geom, code = coalesce(i.code, h.code)
         FROM import_homes i WHERE h.id = i.household_id AND ${HOME_CHANGED}`,
    );
    await tx.query(
      `INSERT INTO households (code, address, size, grid_id, geom) SELECT code, address, size, grid_id, geom FROM import_homes WHERE household_id IS NULL ORDER BY feature`,
    );
    return;
  }
  await tx.query(
    `UPDATE residents r SET household_id = p.household_id, name = p.name, id_number = coalesce(p.id_number, r.id_number), gender = coalesce(p.gender, r.gender),
            birth_year = coalesce(p.birth_year, r.birth_year), phone = p.phone, relation = p.relation, updated_at = now()
       FROM import_people p WHERE r.id = p.resident_id AND ${PERSON_CHANGED}`,
  );
  await tx.query(
    `INSERT INTO residents (household_id, name, id_number, gender, birth_year, phone, relation)
     SELECT household_id, name, id_number, gender, birth_year, phone, relation FROM import_people WHERE resident_id IS NULL ORDER BY feature`,
  );
}
