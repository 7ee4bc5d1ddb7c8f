import { type FieldErrors, validationError } from '../../errors/index.ts';
import { parseCsv } from './csv.ts';

/** One row of a bulk upload: its 1-based data row number and its fields, not yet validated. */
export interface BulkRow {
  row: number;
  input: unknown;
  /** A problem with the row as a whole (a CSV record with the wrong number of fields). */
  problem?: string;
}

export const maxBulkRows = 1000;

interface Column {
  field: string;
  kind: 'text' | 'number' | 'boolean';
  /** Whether the loader template stars it (the column must be present). */
  required: boolean;
  /** A blank cell clears a nullable field, or keeps the current value (a default for a new item). */
  blank: 'clears' | 'keeps';
}

const column = (field: string, kind: Column['kind'], required: boolean, blank: Column['blank']): Column => ({
  field,
  kind,
  required,
  blank,
});

/** The portal's catalog loader columns and the item field each fills. */
const columns: Readonly<Record<string, Column>> = {
  name: column('name', 'text', true, 'keeps'),
  description: column('description', 'text', true, 'clears'),
  'uom code': column('uom-code', 'text', true, 'keeps'),
  active: column('active', 'boolean', true, 'keeps'),
  'supplier part num': column('supplier-part-num', 'text', true, 'keeps'),
  'supplier aux part num': column('supplier-aux-part-num', 'text', false, 'clears'),
  manufacturer: column('manufacturer', 'text', false, 'clears'),
  'lead time': column('lead-time', 'number', false, 'clears'),
  unspsc: column('unspsc-code', 'text', false, 'clears'),
  price: column('price', 'number', false, 'keeps'),
  currency: column('currency', 'text', false, 'keeps'),
};

/** `UoM Code*`, `uom code` and ` UOM  CODE ` name the same column. */
const columnKey = (header: string): string =>
  header.trim().replace(/\*$/, '').trim().replace(/\s+/g, ' ').toLowerCase();

/** The rows of a `text/csv` body or of a JSON `{"items": [...]}` body; a malformed upload is a 422. */
export function bulkRowsOf(body: unknown): BulkRow[] {
  const rows = typeof body === 'string' ? csvRows(body) : jsonRows(body);
  if (rows.length === 0) throw validationError({ base: ['the upload has no rows'] });
  if (rows.length > maxBulkRows) {
    throw validationError({ base: [`at most ${maxBulkRows} rows per upload (this one has ${rows.length})`] });
  }
  return rows;
}

function jsonRows(body: unknown): BulkRow[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (body === null || typeof body !== 'object' || !Array.isArray(items)) {
    throw validationError({ items: ['is required: a list of items (or send text/csv)'] });
  }
  const extra = Object.keys(body).filter((key) => key !== 'items');
  if (extra.length > 0) {
    throw validationError(Object.fromEntries(extra.map((key) => [key, ['is not a known field']])));
  }
  return items.map((item, index) => ({ row: index + 1, input: item }));
}

function csvRows(text: string): BulkRow[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    throw validationError({ base: [`the CSV is malformed on line ${parsed.line}: ${parsed.message}`] });
  }
  const [header, ...records] = parsed.records;
  if (!header) return [];
  const mapped = headerColumns(header);
  const rows: BulkRow[] = [];
  records.forEach((cells, index) => {
    const row = index + 1;
    // Blank lines keep their number, so `row N` still points at the spreadsheet row the user sees.
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length !== header.length) {
      rows.push({ row, input: {}, problem: `has ${cells.length} fields; the header has ${header.length}` });
      return;
    }
    const input: Record<string, unknown> = {};
    cells.forEach((cell, position) => {
      const target = mapped[position]!;
      const value = cellValue(cell.trim(), target);
      if (value !== undefined) input[target.field] = value;
    });
    rows.push({ row, input });
  });
  return rows;
}

/** Each header's column; unknown, repeated or missing required columns are a 422 on `header`. */
function headerColumns(header: string[]): Column[] {
  const problems: string[] = [];
  const mapped = header.map((name) => columns[columnKey(name)]);
  header.forEach((name, index) => {
    const target = mapped[index];
    if (!target) problems.push(`unknown column "${name}"`);
    else if (mapped.indexOf(target) !== index) problems.push(`column "${name}" appears twice`);
  });
  for (const [name, target] of Object.entries(columns)) {
    if (target.required && !mapped.includes(target)) problems.push(`column "${name}" is missing`);
  }
  if (problems.length > 0) throw validationError({ header: problems } satisfies FieldErrors);
  return mapped as Column[];
}

/** A cell as a typed value; a value that does not convert stays a string, so the schema names the problem. */
function cellValue(cell: string, target: Column): unknown {
  if (cell === '') return target.blank === 'clears' ? null : undefined;
  if (target.kind === 'number') return /^-?(\d+(\.\d*)?|\.\d+)$/.test(cell) ? Number(cell) : cell;
  if (target.kind === 'boolean') {
    const lower = cell.toLowerCase();
    if (['yes', 'y', 'true', '1'].includes(lower)) return true;
    if (['no', 'n', 'false', '0'].includes(lower)) return false;
  }
  return cell;
}
