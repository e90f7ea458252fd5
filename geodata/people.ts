// The people of the demo: grid workers (one per grid, R4), brigade staff (R1-R3) and persons of interest
// for visits (R14; sensitive, R40). Generated from the seed, never committed.
import { FOCUS_CATEGORIES, FOCUS_KINDS, type FocusKind } from '../shared/visits/rules.ts';
import { SECTIONS } from '../shared/org/xigang.ts';
import type { Household } from './households.ts';
import type { TownLayers } from '../shared/town/layers.ts';
import { personName, phoneNumber } from './names.ts';
import { createRng } from './random.ts';

export interface WorkerRecord {
  name: string;
  phone: string;
  gridCode: string;
  squadCode: string;
  hiredOn: string;
}

export interface StaffRecord {
  name: string;
  phone: string;
  position: 'captain' | 'deputy' | 'section_lead' | 'section_post' | 'squad_leader' | 'squad_post';
  sectionCode: string | null;
  squadCode: string | null;
}

export interface FocusPersonRecord {
  householdIndex: number;
  kind: FocusKind;
  category: string;
  name: string;
  gender: '男' | '女';
  birthYear: number;
  phone: string;
}

export function generatePeople(town: TownLayers, households: Household[], seed: string, focusCount = 320) {
  const rng = createRng(`${seed}:people`);
  const day = (y0: number, y1: number) => `${rng.int(y0, y1)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const workers: WorkerRecord[] = town.grids.features.map((g) => ({
    name: personName(rng),
    phone: phoneNumber(rng),
    gridCode: g.properties.code,
    squadCode: g.properties.squadCode,
    hiredOn: day(2019, 2025),
  }));
  const person = (position: StaffRecord['position'], sectionCode: string | null = null, squadCode: string | null = null): StaffRecord => ({
    name: personName(rng),
    phone: phoneNumber(rng),
    position,
    sectionCode,
    squadCode,
  });
  const staff: StaffRecord[] = [person('captain'), person('deputy'), person('deputy')];
  for (const s of SECTIONS) {
    staff.push(person('section_lead', s.code));
    for (let i = 0; i < s.posts; i++) staff.push(person('section_post', s.code));
  }
  for (const s of town.squads.features) {
    staff.push(person('squad_leader', null, s.properties.code));
    staff.push(person('squad_post', null, s.properties.code), person('squad_post', null, s.properties.code));
  }
  const taken = new Set<number>();
  const focus: FocusPersonRecord[] = [];
  while (focus.length < Math.min(focusCount, households.length)) {
    const householdIndex = rng.int(0, households.length - 1);
    if (taken.has(householdIndex)) continue;
    taken.add(householdIndex);
    const kind: FocusKind = rng.chance(0.65) ? 'assist' : 'concern';
    const category = rng.pick(FOCUS_CATEGORIES[kind]);
    const old = category === '独居老人';
    focus.push({
      householdIndex,
      kind,
      category,
      name: personName(rng),
      gender: category === '孕产妇' ? '女' : rng.chance(0.5) ? '男' : '女',
      birthYear: old ? rng.int(1935, 1955) : category === '重点青少年' ? rng.int(2006, 2012) : rng.int(1960, 2000),
      phone: phoneNumber(rng),
    });
  }
  return { workers, staff, focus, cadenceDays: { assist: FOCUS_KINDS.assist.everyDays, concern: FOCUS_KINDS.concern.everyDays } };
}
