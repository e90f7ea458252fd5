/**
 * ExcelJS, loaded the first time a workbook is read or written: with its zip, stream and CSV libraries it
 * takes 0.3 s to load, which every start of the server paid before its first file (issue 20 #8).
 */
export const excel = async () => (await import('exceljs')).default;
