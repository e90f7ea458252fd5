import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';

describe('CSV cells for spreadsheets', () => {
  it('write every formula start as text: = + - @, full-width ＝, after blanks, and a leading tab or CR', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '＝1+1', '＋1', ' =1+1', '\u3000=1', '\t=1+1', '\r=1+1', '\tplain', '\rplain'])
      expect(csvCell(s), JSON.stringify(s)).toMatch(/^"'/);
  });

  it('leave other text alone, quote quotes and blank out control characters', () => {
    expect(csvCell('张三')).toBe('"张三"');
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell('a\u0000b\u001bc')).toBe('"a b c"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});
