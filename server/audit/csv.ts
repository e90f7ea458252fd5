// CSV for Excel and WPS: every cell quoted, and a cell a spreadsheet would read as a formula written as
// text. Spreadsheets start a formula at = + - @ (and their full-width forms, which WPS and Excel in Chinese
// locales accept), also after leading blanks, and a leading tab or CR lets one through (OWASP CSV injection).
const FORMULA = /^[\s\u3000]*[=+\-@＝＋－＠]|^[\t\r]/;

/** One quoted cell; control characters other than tab, CR and LF become spaces. */
export function csvCell(v: unknown): string {
  const raw = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const s = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  return `"${(FORMULA.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
}
