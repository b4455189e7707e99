// --batch CSV: the header row checked against what the run needs (a recipient column, a text
// column or a template, the template's fields), then each record made into a row. CSV column
// names match regardless of case (To, TO) when no column has the exact name.
import { UsageError } from '../errors.js';
import type { CsvFile, CsvRecord } from '../input/csv.js';
import { delimiterName } from '../input/csv-delimiter.js';
import { readError, type Input } from '../input/open-input.js';
import type { Stage } from '../input/staged-reader.js';
import type { RowReading } from './row-rules.js';
import { skipped, type SourceItem } from './source-item.js';

/** Where the run's fields are in a record: -1 for no such column. */
interface Columns {
  header: string[];
  to: number;
  text: number;
  from: number;
  render: ((record: readonly string[]) => string) | undefined; // the template over the columns
}

/** Reads and checks the header row now; the rows as they are pulled. */
export async function csvStage(input: Input, reading: RowReading, delimiter: string | undefined): Promise<Stage<SourceItem>> {
  let file: CsvFile;
  try {
    // csv-parse loads only for CSV input: a one-recipient alert does not pay for it.
    const { openCsv } = await import('../input/csv.js');
    file = await openCsv(input.stream, input.name, { delimiter });
  } catch (err) {
    throw readError(err, input.name, '--batch');
  }
  let columns: Columns;
  try {
    columns = findColumns(file, input.name, reading);
  } catch (err) {
    file.close();
    throw err;
  }
  return {
    async pull() {
      let records;
      try {
        records = await file.pull();
      } catch (err) {
        throw readError(err, input.name, '--batch');
      }
      return records && records.map((r) => recordItem(r, columns, input.name, reading));
    },
    close: async () => file.close(),
  };
}

/** Throws a UsageError when the header lacks what every row needs. */
function findColumns(file: CsvFile, name: string, reading: RowReading): Columns {
  const { header } = file;
  const col = (column: string) => columnIndex(header, column);
  const columns: Columns = { header, to: col(reading.toColumn), text: col('text'), from: col('from'), render: undefined };
  if (columns.to === -1) {
    throw new UsageError(
      `--batch ${name}: no "${reading.toColumn}" column in the header row (columns: ${header.join(', ')}; separated by ${delimiterName(file.delimiter)})`,
      'name the recipient column with --to-column, give the separator with --delimiter, or add a header row such as to,name',
    );
  }
  if (reading.hex !== undefined && columns.text !== -1) {
    throw new UsageError(`--batch ${name} has a "text" column, but --hex sends bytes`, 'drop --hex, or rename the text column');
  }
  if (reading.hex === undefined && columns.text === -1 && !reading.template) {
    throw new UsageError(`--batch ${name}: no message text`, 'give --text (a template such as "Hi {name}") or add a "text" column');
  }
  columns.render = reading.template?.bindColumns(header, `--batch ${name}`);
  return columns;
}

function recordItem({ line, fields, badUtf8 }: CsvRecord, columns: Columns, source: string, reading: RowReading): SourceItem {
  const where = { line, source };
  if (badUtf8) return skipped(where, undefined, 'not valid UTF-8');
  if (fields.length !== columns.header.length) {
    return skipped(where, undefined, `has ${fields.length} values but the header row has ${columns.header.length} columns`);
  }
  const cell = columns.text !== -1 ? fields[columns.text]! : '';
  return reading.rows.make({
    line,
    source,
    to: fields[columns.to],
    from: columns.from !== -1 ? fields[columns.from] : undefined,
    text: cell !== '' ? cell : columns.render?.(fields),
  });
}

/** The column called `name`: exactly, else the one column whose name differs only in case. */
export function columnIndex(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const lower = name.toLowerCase();
  const loose = header.flatMap((c, i) => (c.toLowerCase() === lower ? [i] : []));
  return loose.length === 1 ? loose[0]! : -1;
}
