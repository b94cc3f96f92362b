import { HelpdeskError } from '../errors.js';

/**
 * Parses RFC 4180 CSV: quoted fields may hold commas, line breaks and doubled quotes.
 * Returns rows of fields; a trailing empty line is dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A labelled example read from a CSV file. */
export interface CsvExample {
  readonly text: string;
  readonly label: string;
}

/**
 * Reads (text, label) pairs from CSV text with a header row. Throws `bad_request` naming the
 * missing column; rows with an empty text or label are skipped.
 */
export function readLabelledCsv(
  text: string,
  textColumn: string,
  labelColumn: string,
): CsvExample[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new HelpdeskError('bad_request', 'The CSV file is empty.');
  const textAt = columnIndex(header, textColumn);
  const labelAt = columnIndex(header, labelColumn);
  return rows
    .map((r) => ({ text: (r[textAt] ?? '').trim(), label: (r[labelAt] ?? '').trim() }))
    .filter((e) => e.text !== '' && e.label !== '');
}

function columnIndex(header: readonly string[], name: string): number {
  const at = header.findIndex((h) => h.trim() === name);
  if (at < 0) {
    throw new HelpdeskError(
      'bad_request',
      `The CSV file has no column "${name}"; its columns are: ${header.join(', ')}.`,
    );
  }
  return at;
}
