// An import of one layer (issue 17), whatever its kind: planned in a transaction — kept when applied, rolled
// back for a preview, so a preview changes nothing and answers exactly what applying would do. Applied, it
// is a revision of the town from today (who, when, file, counts), and its field mapping is remembered.
import type { ImportPlan } from '../../shared/town/contract.ts';
import { type Columns, type ImportKind, shapeKey } from '../../shared/town/mapping.ts';
import { shanghaiDay } from '../../shared/core/time.ts';
import type { Db, Queryable } from '../platform/db/index.ts';
import { applyGridPlan, fieldsOf, planGridsIn } from './grids.ts';
import { applyHouseholdsOrPeople, planHouseholdsOrPeople } from './households.ts';
import { applyTargetPlan, planTargetsIn } from './targets.ts';
import { applySquadPlan, applyVillagePlan, planSquadsIn, planVillagesIn } from './boundaries.ts';
import { applyRoadPlan, planRoadsIn } from './roads.ts';
import { applyRosterPlan, planRosterIn } from './roster.ts';
import type { ReadLayer } from './read.ts';

export interface ImportRequest {
  kind: ImportKind;
  layer: ReadLayer;
  columns: Columns;
  /** A grid layer holding part of the town's grids: the others are kept. */
  part: boolean;
}

function planIn(tx: Queryable, r: ImportRequest): Promise<ImportPlan> {
  if (r.kind === 'targets') return planTargetsIn(tx, r.layer, r.columns, r.part);
  if (r.kind === 'villages') return planVillagesIn(tx, r.layer, r.columns, r.part);
  if (r.kind === 'squads') return planSquadsIn(tx, r.layer, r.columns, r.part);
  if (r.kind === 'roads') return planRoadsIn(tx, r.layer, r.columns, r.part);
  if (r.kind === 'workers' || r.kind === 'departments') return planRosterIn(tx, r.layer, r.kind, r.columns);
  if (r.kind !== 'grids') return planHouseholdsOrPeople(tx, r.layer, r.kind, r.columns);
  return planGridsIn(
    tx,
    r.layer,
    { code: r.columns.codeField!, name: r.columns.nameField!, ...(r.columns.classField ? { class: r.columns.classField } : {}) },
    r.part,
  );
}

/** Thrown to leave a preview's transaction without keeping anything. */
class Preview extends Error {
  constructor(readonly plan: ImportPlan) {
    super('preview');
  }
}

/** What applying would do; nothing is kept. */
export async function dryRun(db: Db, r: ImportRequest): Promise<ImportPlan> {
  try {
    await db.transaction(async (tx) => {
      throw new Preview(await planIn(tx, r));
    });
  } catch (err) {
    if (err instanceof Preview) return err.plan;
    throw err;
  }
  throw new Error('a preview’s transaction ended without its plan');
}

/** Plans and, unless an error blocks it, applies in `tx`; a blocked plan changes nothing (revisionId null). */
export async function applyImport(tx: Queryable, r: ImportRequest, file: string, userId: number): Promise<{ plan: ImportPlan; revisionId: number | null }> {
  // One import at a time: two would each plan against a town the other is changing.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('town_import'))`);
  const plan = await planIn(tx, r);
  if (plan.blocked) return { plan, revisionId: null };
  const today = shanghaiDay(Date.now());
  const [rev] = await tx.query<{ id: number }>(
    `INSERT INTO town_revisions (user_id, effective_on, file, layer, counts) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      userId,
      today,
      file,
      `${r.layer.name} (${r.kind})`,
      JSON.stringify({ ...plan.counts, targetsMoved: plan.moves.targets, householdsMoved: plan.moves.households, roadCells: 0 }),
    ],
  );
  let roadCells = 0;
  if (r.kind === 'grids') roadCells = await applyGridPlan(tx, rev!.id, today);
  else if (r.kind === 'targets') await applyTargetPlan(tx, today, r.part);
  else if (r.kind === 'villages') await applyVillagePlan(tx);
  else if (r.kind === 'squads') await applySquadPlan(tx);
  else if (r.kind === 'roads') roadCells = await applyRoadPlan(tx, today, r.part);
  else if (r.kind === 'workers' || r.kind === 'departments') await applyRosterPlan(tx, r.kind, rev!.id, today);
  else await applyHouseholdsOrPeople(tx, r.kind);
  await tx.query(`UPDATE town_revisions SET counts = counts || jsonb_build_object('roadCells', $2::int) WHERE id = $1`, [rev!.id, roadCells]);
  await tx.query(
    `INSERT INTO import_mappings (fields, kind, mapping) VALUES ($1, $2, $3)
     ON CONFLICT (fields) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping, used_at = now()`,
    [shapeKey(fieldsOf(r.layer)), r.kind, JSON.stringify(r.columns)],
  );
  return { plan, revisionId: rev!.id };
}
