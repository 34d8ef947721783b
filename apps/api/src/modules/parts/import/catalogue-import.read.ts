/**
 * Reads a catalogue file as a stream of rows with their line numbers: CSV (UTF-8, or GB18030 as
 * spreadsheet programs on Chinese Windows save it) through csv-parse, XLSX (the first worksheet)
 * through exceljs's streaming WorkbookReader. Neither holds the whole file in memory.
 */
import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type ImportFormat = 'CSV' | 'XLSX';

export interface FileRow {
  /** The line (CSV) or row (XLSX) number as a spreadsheet program shows it, the header being 1. */
  line: number;
  cells: string[];
}

/** Decodes bytes to text: UTF-8 (a BOM is dropped), or GB18030 when the start of the file is not UTF-8. */
function decoder(): Transform {
  let dec: TextDecoder | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!dec) {
        let utf8 = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
        } catch {
          utf8 = false;
        }
        dec = new TextDecoder(utf8 ? 'utf-8' : 'gb18030');
      }
      done(null, dec.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, dec?.decode() ?? '');
    },
  });
}

async function* csvRows(input: Readable): AsyncGenerator<FileRow> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true });
  const text = input.pipe(decoder());
  text.on('error', (e) => parser.destroy(e));
  input.on('error', (e) => parser.destroy(e));
  text.pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: info.lines, cells: record };
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return '';
}

async function* xlsxRows(input: Readable): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let first = true;
  for await (const sheet of reader) {
    if (!first) continue; // the first worksheet only (the rest of the file is still read through)
    first = false;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as ExcelJS.CellValue[]) ?? [];
      // exceljs's row.values starts at index 1 (column A)
      const cells = values.slice(1).map(cellText);
      if (cells.every((c) => c.trim() === '')) continue;
      yield { line: row.number, cells };
    }
  }
}

export function fileRows(format: ImportFormat, input: Readable): AsyncGenerator<FileRow> {
  return format === 'CSV' ? csvRows(input) : xlsxRows(input);
}
