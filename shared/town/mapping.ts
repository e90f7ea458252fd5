// The field mapping of an import (issue 17): which of a file's columns holds a grid's code, name and class.
// Guessed from the names counties' tables use (网格编码, WGBM, code…) until the user says otherwise; what the
// user said is remembered for the next file with the same columns.

/** Column names by what they hold, lower-cased and without blanks; the first match wins. */
const NAMES = {
  codeField: ['网格编码', '网格代码', '网格编号', '编码', '代码', 'wgbm', 'gridcode', 'grid_code', 'code', 'bm'],
  nameField: ['网格名称', '网格名', '名称', 'wgmc', 'gridname', 'grid_name', 'name', 'mc'],
  classField: ['网格等级', '网格类别', '网格级别', '等级', '类别', '级别', 'wgdj', 'class', 'level', 'grade', 'dj'],
} as const;

export interface GridColumns {
  codeField: string;
  nameField: string;
  classField?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The columns that look like a grid's code, name and class; null when no code or name column can be told. */
export function guessGridColumns(fields: readonly string[]): GridColumns | null {
  const find = (wanted: readonly string[]) => {
    for (const w of wanted) {
      const hit = fields.find((f) => norm(f) === w);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const [codeField, nameField, classField] = [find(NAMES.codeField), find(NAMES.nameField), find(NAMES.classField)];
  if (codeField === undefined || nameField === undefined) return null;
  return classField === undefined ? { codeField, nameField } : { codeField, nameField, classField };
}

/** The key a file's shape is remembered by: its columns, in order of their names. */
export const shapeKey = (fields: readonly string[]) => [...fields].sort().join('|');
