// The 18-digit citizen ID number (公民身份号码, GB 11643-1999): six digits of the place, the birth date, three of
// order (odd for men), and an ISO 7064 MOD 11-2 check character. A person's birth year and gender are read
// from it when the roster leaves them out; a number that fails its check is a warning, not a reason to
// refuse a whole file (registers have typing errors that the worker then corrects on the spot, R8).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdCard {
  birthYear: number;
  gender: '男' | '女';
}

/** What the number says, or null when it is not a valid 18-digit number. */
export function readIdCard(raw: string): IdCard | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return null;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { birthYear: y, gender: Number(id[16]) % 2 === 1 ? '男' : '女' };
}

/** The check character a 17-digit stem takes: for test fixtures and for telling a user which digit is off. */
export const idCheck = (stem: string) => CHECK[WEIGHTS.reduce((s, w, i) => s + w * Number(stem[i]), 0) % 11]!;
