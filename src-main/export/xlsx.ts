import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { UserError } from '../model';
import { GAP } from './rows';
import { excelSerialFormatter } from './time-text';
import { LONG_COLUMNS, type LongRowWriter, type WriterSetup } from './writer';

/** Rows one sheet can hold, header included. */
export const XLSX_MAX_ROWS = 1_048_576;

/** After the contract's four columns: ts as an Excel date-time, so a spreadsheet can sort and plot by it. */
export const EXCEL_TIME_COLUMN = 'ts_excel';

/**
 * xlsx: one sheet `points` with the four long columns, ts as ISO text, then `ts_excel` (the same
 * wall clock as a date-time cell). exceljs's streaming writer
 * zips each committed row; `drain` yields so the zip can run, and waits while the file is behind.
 */
export function xlsxWriter({ file, formatTs, options }: WriterSetup): LongRowWriter {
  const output = file.writable();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    // Styles carry the date-time number format of the Excel time column.
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('points');
  const excelSerial = excelSerialFormatter(options.timeZone);
  sheet.getColumn(LONG_COLUMNS.length + 1).numFmt = 'yyyy-mm-dd hh:mm:ss.000';
  sheet.addRow([...LONG_COLUMNS, EXCEL_TIME_COLUMN]).commit();
  let vendor = '';
  let stream = '';
  let rows = 1;
  return {
    startStream(s) {
      vendor = s.vendor;
      stream = s.keyInVendor;
    },
    row(ts, value) {
      if (++rows > XLSX_MAX_ROWS) {
        throw new UserError('export.xlsxTooLong', { rows: XLSX_MAX_ROWS - 1 });
      }
      sheet.addRow([vendor, stream, formatTs(ts), value === GAP ? null : value, excelSerial(ts)]).commit();
    },
    async drain() {
      await nextTurn();
      if (output.writableNeedDrain) await once(output, 'drain');
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
