// Domain constants of the Xigang grid patrol brigade; rule numbers refer to ../shared/DOMAIN.md upstream.

/**
 * Roles of the system. `wall` is the read-only kiosk of the command-centre wall (R30, R40); `department`
 * is a member department's user (R6), who sees the incidents dispatched to it.
 */
export const ROLES = ['admin', 'leader', 'duty', 'squad_leader', 'inspector', 'worker', 'wall', 'department'] as const;
export type Role = (typeof ROLES)[number];
/** The brigade's own roles: everyone but the departments, who see only their incidents and the map. */
export const BRIGADE_ROLES = ROLES.filter((r) => r !== 'department');

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  leader: '领导',
  duty: '值班员',
  squad_leader: '中队长',
  inspector: '督察队',
  worker: '网格员',
  wall: '大屏展示',
  department: '成员单位',
};

/** Road classes; main roads and central streets are patrolled twice a day (R13). */
export const ROAD_CLASSES = ['main', 'central', 'lane'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const ROAD_CLASS_LABELS: Record<RoadClass, string> = {
  main: '主干道',
  central: '中心街道',
  lane: '村内道路',
};

/** Grid classes 一级/二级/三级 (R4, R21). */
export const GRID_CLASSES = [1, 2, 3] as const;
export type GridClass = (typeof GRID_CLASSES)[number];

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

/** Member departments that incidents are dispatched to, with their seconded headcount (R6). */
export const DEPARTMENTS = [
  { code: 'police', name: '派出所', headcount: 2 },
  { code: 'urban', name: '城管', headcount: 2 },
  { code: 'power', name: '供电所', headcount: 2 },
  { code: 'market', name: '市场监管', headcount: 1 },
  { code: 'school', name: '西岗学区', headcount: 1 },
  { code: 'emergency', name: '应急办', headcount: 1 },
  { code: 'environment', name: '环保', headcount: 1 },
  { code: 'sanitation', name: '环卫', headcount: 1 },
  { code: 'water', name: '水利', headcount: 1 },
  { code: 'gas_heating', name: '燃热办', headcount: 1 },
  { code: 'health', name: '卫健', headcount: 1 },
] as const;

/** 三组一队: the brigade's sections with their post counts beside the lead (R2). */
export const SECTIONS = [
  { code: 'general', name: '综合组', posts: 3, duty: '财务人事、行政文秘、后勤保障' },
  { code: 'management', name: '管理组', posts: 2, duty: '网格队伍管理、巡查调度' },
  { code: 'information', name: '信息组', posts: 2, duty: '平台运行、数据统计' },
  { code: 'inspection', name: '督察队', posts: 2, duty: '督导检查网格员、重大事件复核' },
] as const;

/** Persons of interest and their visit cadence in days (R14). */
export const FOCUS_KINDS = {
  assist: { label: '帮扶人群', everyDays: 7 },
  concern: { label: '关注人员', everyDays: 15 },
} as const;
export type FocusKind = keyof typeof FOCUS_KINDS;

/** Categories of persons of interest; those under `concern` are the sensitive high-risk groups of R10. */
export const FOCUS_CATEGORIES: Record<FocusKind, readonly string[]> = {
  assist: ['独居老人', '低保户', '残疾人', '孕产妇', '重病患者'],
  concern: ['刑满释放人员', '社区矫正人员', '吸毒人员', '重点青少年', '失意人群'],
};

/** Worker statuses. */
export const WORKER_STATUSES = ['active', 'leave', 'left'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];
