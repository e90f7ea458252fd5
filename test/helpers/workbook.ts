import ExcelJS from 'exceljs';

/** An .xlsx of one sheet, its first row the header: how a brigade's office sends a table. */
export async function xlsx(head: string[], rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('表');
  sheet.addRow(head);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
