// The field mapping of an import (issue 17): which of a file's columns holds what — a grid's code, name and
// class; a household's address and size; a person's household, name and ID number. Guessed from the names
// counties' tables use (网格编码, WGBM, 身份证号…) until the user says otherwise; what the user said is
// remembered for the next file with the same columns.

/** What a layer's features are: areas, points, lines, points or areas, or rows of a table (no coordinates needed). */
export type LayerShape = 'areas' | 'points' | 'lines' | 'places' | 'rows';

/** What each kind of layer needs mapped, and what it may have. */
export const IMPORT_KINDS = {
  grids: { required: ['codeField', 'nameField'], optional: ['classField'], shape: 'areas' },
  /** 村/社区 (R3): areas, each with its 12-digit code and the squad it belongs to (its code or name, else the squad it lies in). */
  villages: { required: ['codeField', 'nameField'], optional: ['squadField', 'kindField'], shape: 'areas' },
  /** 中队 (R3, R5): areas grouping villages, each with its 2-digit code and its party branch (党总支). */
  squads: { required: ['codeField', 'nameField'], optional: ['branchField'], shape: 'areas' },
  /** Roads (R13): main roads and central streets are cut into the road cells patrols must cover. */
  roads: { required: ['nameField', 'classField'], optional: [], shape: 'lines' },
  /** 实有房屋 / 住户 (R8, R14): points. */
  households: { required: ['addressField'], optional: ['codeField', 'sizeField'], shape: 'points' },
  /** 重点目标 (R13): points or areas, each of a kind; its pass radius and passes a day from the kind unless given. */
  targets: { required: ['nameField', 'kindField'], optional: ['radiusField', 'passesField'], shape: 'places' },
  /** 实有人口 (R8): a table, each person with the code or address of their household. */
  people: { required: ['householdField', 'nameField'], optional: ['idField', 'genderField', 'birthField', 'phoneField', 'relationField'], shape: 'rows' },
  /** 网格员 (R4): a roster, each worker with a phone, a squad (its code or name), a grid (its code: one worker a grid) and the day hired. */
  workers: { required: ['nameField', 'phoneField', 'squadField'], optional: ['gridField', 'hiredField'], shape: 'rows' },
  /** 成员单位 (R6): each with its code, name, headcount and contact. */
  departments: { required: ['codeField', 'nameField'], optional: ['headcountField', 'contactField', 'phoneField'], shape: 'rows' },
} as const satisfies Record<string, { required: readonly ColumnParam[]; optional: readonly ColumnParam[]; shape: LayerShape }>;
export type ImportKind = keyof typeof IMPORT_KINDS;

export const COLUMN_PARAMS = [
  'codeField',
  'nameField',
  'classField',
  'addressField',
  'sizeField',
  'householdField',
  'idField',
  'genderField',
  'birthField',
  'phoneField',
  'relationField',
  'kindField',
  'radiusField',
  'passesField',
  'squadField',
  'branchField',
  'gridField',
  'hiredField',
  'headcountField',
  'contactField',
] as const;
export type ColumnParam = (typeof COLUMN_PARAMS)[number];
export type Columns = Partial<Record<ColumnParam, string>>;

/** Column names by what they hold, lower-cased and without blanks; the first match wins. */
const NAMES: Record<ColumnParam, readonly string[]> = {
  codeField: [
    '网格编码',
    '网格代码',
    '网格编号',
    '房屋编码',
    '房屋编号',
    '村居编码',
    '村社区编码',
    '区划代码',
    '统计用区划代码',
    '中队编码',
    '中队编号',
    '单位编码',
    '编码',
    '代码',
    '编号',
    'wgbm',
    'gridcode',
    'grid_code',
    'code',
    'bm',
  ],
  nameField: [
    '网格名称',
    '网格名',
    '村居名称',
    '村社区名称',
    '中队名称',
    '道路名称',
    '路名',
    '单位名称',
    '姓名',
    '名称',
    'wgmc',
    'gridname',
    'grid_name',
    'name',
    'xm',
    'mc',
  ],
  classField: ['道路等级', '道路类别', '网格等级', '网格类别', '网格级别', '等级', '类别', '级别', 'wgdj', 'class', 'level', 'grade', 'dj'],
  addressField: ['地址', '住址', '房屋地址', '门牌', 'address', 'dz'],
  sizeField: ['人口', '人数', '户人口', '家庭人口', 'size', 'persons', 'rks'],
  householdField: ['户编码', '房屋编码', '户号', '所在户', '户地址', 'household', 'hh'],
  idField: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'idnumber', 'id_number', 'sfzh'],
  genderField: ['性别', 'gender', 'sex', 'xb'],
  birthField: ['出生年份', '出生日期', '出生年月', 'birth', 'birthyear', 'csrq'],
  phoneField: ['联系电话', '手机', '电话', '手机号', 'phone', 'mobile', 'lxdh'],
  relationField: ['与户主关系', '关系', 'relation', 'yhzgx'],
  kindField: ['村居类型', '目标类型', '目标类别', '类型', '种类', 'kind', 'type', 'lx'],
  radiusField: ['巡查半径', '半径', '半径米', 'radius', 'radius_m', 'bj'],
  passesField: ['每日巡查次数', '巡查次数', '次数', 'passes', 'cs'],
  squadField: ['所属中队', '中队', '中队编码', '中队名称', 'squad', 'squadcode', 'zd'],
  branchField: ['党总支', '所属党总支', '总支', 'branch', 'dzz'],
  gridField: ['所属网格', '网格', '网格编码', '网格代码', 'grid', 'gridcode', 'wgbm'],
  hiredField: ['入职日期', '入职时间', '聘用日期', '上岗日期', 'hiredon', 'hired_on', 'hired', 'rzrq'],
  headcountField: ['人数', '编制人数', '在编人数', 'headcount', 'rs'],
  contactField: ['联系人', 'contact', 'lxr'],
};

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The columns that look like the kind's, for each of its columns; null when a column it needs cannot be told. */
export function guessColumns(kind: ImportKind, fields: readonly string[]): Columns | null {
  const { required, optional } = IMPORT_KINDS[kind];
  const taken = new Set<string>();
  const find = (param: ColumnParam) => {
    for (const w of NAMES[param]) {
      const hit = fields.find((f) => norm(f) === w && !taken.has(f));
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const out: Columns = {};
  // Required columns first, so that a household's code is not taken for a grid's or a person's name for a place's.
  for (const param of [...required, ...optional] as ColumnParam[]) {
    const hit = find(param);
    if (hit === undefined) {
      if ((required as readonly ColumnParam[]).includes(param)) return null;
      continue;
    }
    out[param] = hit;
    taken.add(hit);
  }
  return out;
}

/** The kinds of areas, told apart by the length of their code: a grid's 14 digits, a village's 12, a squad's 2. */
const AREA_KIND_BY_CODE: Record<number, ImportKind> = { 14: 'grids', 12: 'villages', 2: 'squads' };

/**
 * The kind a layer looks like, with its columns: areas by their code's length (grids, villages, squads),
 * points households, lines roads; then key targets; a table people, workers or departments.
 */
export function guessMapping(
  fields: readonly string[],
  shape: Exclude<LayerShape, 'places'>,
  firstRow: Record<string, unknown> = {},
): ({ kind: ImportKind } & Columns) | null {
  if (shape === 'areas') {
    const columns = guessColumns('grids', fields);
    const kind = columns && AREA_KIND_BY_CODE[String(firstRow[columns.codeField!] ?? '').trim().length];
    if (kind) return { kind, ...guessColumns(kind, fields) };
  }
  for (const kind of Object.keys(IMPORT_KINDS) as ImportKind[]) {
    const of = IMPORT_KINDS[kind].shape;
    if (of !== shape && !(of === 'places' && (shape === 'areas' || shape === 'points'))) continue;
    const columns = guessColumns(kind, fields);
    if (columns) return { kind, ...columns };
  }
  return null;
}

/** The key a file's shape is remembered by: its columns, in order of their names. */
export const shapeKey = (fields: readonly string[]) => [...fields].sort().join('|');
