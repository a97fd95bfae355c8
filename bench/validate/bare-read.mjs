// The baseline: exceljs streaming through the same workbook with the same options the template
// reader uses, touching every row's values and doing nothing else. Plain JavaScript, run by plain
// node, as the bundled CLI is.
import ExcelJS from 'exceljs';

const file = process.argv[2];
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
let rows = 0;
let cells = 0;
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows += 1;
    cells += row.values.length;
  }
}
process.stdout.write(JSON.stringify({ rows, cells }) + '\n');
