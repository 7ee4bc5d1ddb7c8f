/**
 * A small RFC 4180 reader: comma-separated fields, double-quoted fields that may hold commas,
 * line breaks and doubled quotes (`""`), records ended by CRLF, LF or CR. A leading byte-order
 * mark (spreadsheet exports add one) is ignored, and a final line break does not make an empty record.
 */
export type CsvParse = { ok: true; records: string[][] } | { ok: false; message: string; line: number };

export function parseCsv(input: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (index < text.length) {
    const character = text[index]!;
    if (character === '"' && field === '') {
      const quoted = readQuoted(text, index + 1);
      if (!quoted.ok) return { ok: false, message: 'a quoted field is never closed', line };
      field = quoted.value;
      line += quoted.lineBreaks;
      index = quoted.next;
      const after = text[index];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        return {
          ok: false,
          message: 'text follows a closing quote (write a quote inside a quoted field as "")',
          line,
        };
      }
      continue;
    }
    if (character === ',') endField();
    else if (character === '\r' || character === '\n') {
      endRecord();
      line += 1;
      if (character === '\r' && text[index + 1] === '\n') index += 1;
    } else field += character;
    index += 1;
  }
  if (field !== '' || record.length > 0) endRecord();
  return { ok: true, records };
}

/** Reads a quoted field's content from just after its opening quote to just after its closing quote. */
function readQuoted(
  text: string,
  start: number,
): { ok: true; value: string; next: number; lineBreaks: number } | { ok: false } {
  let value = '';
  let lineBreaks = 0;
  let index = start;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '"') {
      if (text[index + 1] !== '"') return { ok: true, value, next: index + 1, lineBreaks };
      value += '"';
      index += 2;
      continue;
    }
    if (character === '\n' || (character === '\r' && text[index + 1] !== '\n')) lineBreaks += 1;
    value += character;
    index += 1;
  }
  return { ok: false };
}
