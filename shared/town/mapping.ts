// The field mapping of an import (issue 17): which of a file's columns holds what — a grid's code, name and
// class; a household's address and size; a person's household, name and ID number. Guessed from the names
// counties' tables use (网格编码, WGBM, 身份证号…) until the user says otherwise; what the user said is
// remembered for the next file with the same columns.

/** What each kind of layer needs mapped, and what it may have. */
export const IMPORT_KINDS = {
  grids: { required: ['codeField', 'nameField'], optional: ['classField'], points: false },
  /** 实有房屋 / 住户 (R8, R14): points. */
  households: { required: ['addressField'], optional: ['codeField', 'sizeField'], points: true },
  /** 实有人口 (R8): a table, each person with the code or address of their household. */
  people: { required: ['householdField', 'nameField'], optional: ['idField', 'genderField', 'birthField', 'phoneField', 'relationField'], points: false },
} as const satisfies Record<string, { required: readonly ColumnParam[]; optional: readonly ColumnParam[]; points: boolean }>;
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
] as const;
export type ColumnParam = (typeof COLUMN_PARAMS)[number];
export type Columns = Partial<Record<ColumnParam, string>>;

/** Column names by what they hold, lower-cased and without blanks; the first match wins. */
const NAMES: Record<ColumnParam, readonly string[]> = {
  codeField: ['网格编码', '网格代码', '网格编号', '房屋编码', '房屋编号', '编码', '代码', 'wgbm', 'gridcode', 'grid_code', 'code', 'bm'],
  nameField: ['网格名称', '网格名', '姓名', '名称', 'wgmc', 'gridname', 'grid_name', 'name', 'xm', 'mc'],
  classField: ['网格等级', '网格类别', '网格级别', '等级', '类别', '级别', 'wgdj', 'class', 'level', 'grade', 'dj'],
  addressField: ['地址', '住址', '房屋地址', '门牌', 'address', 'dz'],
  sizeField: ['人口', '人数', '户人口', '家庭人口', 'size', 'persons', 'rks'],
  householdField: ['户编码', '房屋编码', '户号', '所在户', '户地址', 'household', 'hh'],
  idField: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'idnumber', 'id_number', 'sfzh'],
  genderField: ['性别', 'gender', 'sex', 'xb'],
  birthField: ['出生年份', '出生日期', '出生年月', 'birth', 'birthyear', 'csrq'],
  phoneField: ['联系电话', '手机', '电话', '手机号', 'phone', 'mobile', 'lxdh'],
  relationField: ['与户主关系', '关系', 'relation', 'yhzgx'],
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

/** The kind a layer looks like, with its columns: grids before households before people, as the columns say. */
export function guessMapping(fields: readonly string[], hasPoints: boolean): ({ kind: ImportKind } & Columns) | null {
  for (const kind of Object.keys(IMPORT_KINDS) as ImportKind[]) {
    if (IMPORT_KINDS[kind].points && !hasPoints) continue;
    if (kind === 'grids' && hasPoints) continue;
    const columns = guessColumns(kind, fields);
    if (columns) return { kind, ...columns };
  }
  return null;
}

/** The key a file's shape is remembered by: its columns, in order of their names. */
export const shapeKey = (fields: readonly string[]) => [...fields].sort().join('|');
