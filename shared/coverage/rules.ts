// Every number of the patrol coverage rules (R13-R16) in one place: 每日必巡、一日双巡.
import { FIX_GAP_MS } from '../tracking/rules.ts';

export interface CoverageRules {
  /** Two clean fixes closer than this make a segment (R13); the same gap as the tracks'. */
  segmentGapMs: number;
  /** Passes closer than this to the last one counted that day are the same pass (R13: 双巡 means two patrols). */
  minGapMs: number;
  /** Time on patrol (clean track, segments under the gap) a worker needs that day to be qualified (R15). */
  minPatrolMs: number;
}

export const DEFAULT_COVERAGE_RULES: CoverageRules = { segmentGapMs: FIX_GAP_MS, minGapMs: 3 * 3_600_000, minPatrolMs: 60 * 60_000 };

/** Road classes; main roads and central streets are patrolled twice a day (R13). */
export const ROAD_CLASSES = ['main', 'central', 'lane'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const ROAD_CLASS_LABELS: Record<RoadClass, string> = {
  main: '主干道',
  central: '中心街道',
  lane: '村内道路',
};

/** Kinds of key targets (重点目标, R13) with the patrol radius a pass must come within. */
export const TARGET_KINDS = {
  school: { label: '学校', radiusM: 60 },
  kindergarten: { label: '幼儿园', radiusM: 50 },
  clinic: { label: '卫生室', radiusM: 40 },
  hospital: { label: '卫生院', radiusM: 60 },
  market: { label: '集市', radiusM: 80 },
  petrol: { label: '加油站', radiusM: 50 },
  factory: { label: '企业', radiusM: 80 },
  pond: { label: '坑塘水库', radiusM: 30 },
  fireworks: { label: '烟花爆竹销售点', radiusM: 40 },
  eldercare: { label: '养老院', radiusM: 50 },
  bridge: { label: '桥梁', radiusM: 40 },
  village_office: { label: '村委会', radiusM: 40 },
} as const;
export type TargetKind = keyof typeof TARGET_KINDS;
export const TARGET_KIND_IDS = Object.keys(TARGET_KINDS) as TargetKind[];

/** Passes a key target needs per day: 一日双巡 (R13). */
export const DEFAULT_REQUIRED_PASSES = 2;

/** Main roads and central streets are cut into cells of about `cellM` metres, each a target of its own (R13). */
export interface RoadCellRules {
  cellM: number;
  radiusM: number;
  requiredPasses: number;
}

export const DEFAULT_ROAD_CELL_RULES: RoadCellRules = { cellM: 50, radiusM: 30, requiredPasses: DEFAULT_REQUIRED_PASSES };
