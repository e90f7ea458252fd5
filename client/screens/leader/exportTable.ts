// Tables to Excel (.xlsx) with Chinese headers: exceljs, loaded only when somebody exports (it is large).

export interface Column<R> {
  header: string;
  value: (row: R) => string | number | null;
  /** A share 0..1, written as a percentage cell. */
  percent?: boolean;
}

export async function exportTable<R>(fileName: string, title: string, columns: Column<R>[], rows: R[]) {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(title.slice(0, 31));
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => c.value(r)));
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.max(10, c.header.length * 2 + 2);
    if (c.percent) col.numFmt = '0%';
  });
  const blob = new Blob([await book.xlsx.writeBuffer()], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
