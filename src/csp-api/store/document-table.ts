import type { FieldSchema } from '../query/field-schema.ts';
import { jsonPath } from '../query/field-schema.ts';
import { compileFilter } from '../query/filters.ts';
import type { ListQuery } from '../query/list-query.ts';
import type { SqliteDatabase } from './open-database.ts';
import type { DocumentTable } from './schema.ts';

/** A stored business record: a JSON document with an `id`, owned by one supplier. */
export type Doc = { id: number } & Record<string, unknown>;

export interface NewDocument<T extends Doc> {
  customerId?: number | null;
  parentId?: number | null;
  /** The document number used for lookups and uniqueness (PO number, invoice number...). */
  number?: string | null;
  doc: Omit<T, 'id'>;
  /** Write-only data kept beside the document and never returned by reads (bank details). */
  secret?: unknown;
}

/** Narrows a query to one customer or one parent record (a catalog's items). */
export interface Scope {
  customerId?: number;
  parentId?: number;
}

/** A record found without a supplier, for the buyer-side simulation routes. */
export interface OwnedDocument<T extends Doc> {
  supplierId: number;
  doc: T;
}

/**
 * Typed access to one document table. Every read and write names the supplier, so a record of
 * another supplier is indistinguishable from a missing one.
 */
export interface DocumentTableStore<T extends Doc> {
  list(supplierId: number, query: ListQuery, scope?: Scope): T[];
  all(supplierId: number, scope?: Scope): T[];
  get(supplierId: number, id: number, scope?: Scope): T | undefined;
  /** By numeric id, or by document number when `idOrNumber` is not all digits. */
  find(supplierId: number, idOrNumber: string, scope?: Scope): T | undefined;
  findByNumber(supplierId: number, number: string, scope?: Scope): T | undefined;
  insert(supplierId: number, record: NewDocument<T>): T;
  update(supplierId: number, doc: T, number?: string): T;
  secret<S>(supplierId: number, id: number): S | undefined;
  /** Buyer side only: the record and its owner, whoever that is. */
  findForBuyer(id: number): OwnedDocument<T> | undefined;
}

interface Row {
  supplier_id: number;
  doc: string;
  secret: string | null;
}

function scopeSql(scope: Scope | undefined): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  if (scope?.customerId !== undefined) {
    sql += ' AND customer_id = ?';
    params.push(scope.customerId);
  }
  if (scope?.parentId !== undefined) {
    sql += ' AND parent_id = ?';
    params.push(scope.parentId);
  }
  return { sql, params };
}

export function createDocumentTable<T extends Doc>(
  db: SqliteDatabase,
  table: DocumentTable,
  schema: FieldSchema,
): DocumentTableStore<T> {
  const parse = (row: Row | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);
  const insertRow = db.prepare(
    `INSERT INTO ${table} (supplier_id, customer_id, parent_id, number, doc, secret) VALUES (?, ?, ?, ?, '{}', ?)`,
  );
  const updateRow = db.prepare(
    `UPDATE ${table} SET doc = ?, number = coalesce(?, number) WHERE id = ? AND supplier_id = ?`,
  );
  const byId = db.prepare(`SELECT supplier_id, doc, secret FROM ${table} WHERE id = ?`);

  const one = (supplierId: number, where: string, value: unknown, scope?: Scope): T | undefined => {
    const extra = scopeSql(scope);
    const row = db
      .prepare(
        `SELECT supplier_id, doc, secret FROM ${table} WHERE supplier_id = ? AND ${where}${extra.sql} LIMIT 1`,
      )
      .get(supplierId, value, ...extra.params) as Row | undefined;
    return parse(row);
  };

  return {
    list(supplierId, query, scope) {
      const extra = scopeSql(scope);
      const conditions = query.filters.map(compileFilter);
      const where = conditions.map((condition) => ` AND ${condition.sql}`).join('');
      const params = conditions.flatMap((condition) => condition.params);
      const orderField = query.orderBy === 'id' ? undefined : schema.fields[query.orderBy];
      const orderBy = orderField
        ? `json_extract(doc, '${jsonPath(orderField.path)}') ${query.direction}, `
        : '';
      const rows = db
        .prepare(
          `SELECT supplier_id, doc, secret FROM ${table} WHERE supplier_id = ?${extra.sql}${where}
           ORDER BY ${orderBy}id ${query.direction} LIMIT ? OFFSET ?`,
        )
        .all(supplierId, ...extra.params, ...params, query.limit, query.offset) as Row[];
      return rows.map((row) => JSON.parse(row.doc) as T);
    },
    all(supplierId, scope) {
      const extra = scopeSql(scope);
      const rows = db
        .prepare(
          `SELECT supplier_id, doc, secret FROM ${table} WHERE supplier_id = ?${extra.sql} ORDER BY id`,
        )
        .all(supplierId, ...extra.params) as Row[];
      return rows.map((row) => JSON.parse(row.doc) as T);
    },
    get(supplierId, id, scope) {
      return one(supplierId, 'id = ?', id, scope);
    },
    find(supplierId, idOrNumber, scope) {
      if (/^\d+$/.test(idOrNumber)) {
        const found = one(supplierId, 'id = ?', Number(idOrNumber), scope);
        if (found) return found;
      }
      return one(supplierId, 'number = ?', idOrNumber, scope);
    },
    findByNumber(supplierId, number, scope) {
      return one(supplierId, 'number = ?', number, scope);
    },
    insert(supplierId, record) {
      const result = insertRow.run(
        supplierId,
        record.customerId ?? null,
        record.parentId ?? null,
        record.number ?? null,
        record.secret === undefined ? null : JSON.stringify(record.secret),
      );
      const doc = { id: Number(result.lastInsertRowid), ...record.doc } as T;
      updateRow.run(JSON.stringify(doc), null, doc.id, supplierId);
      return doc;
    },
    update(supplierId, doc, number) {
      const result = updateRow.run(JSON.stringify(doc), number ?? null, doc.id, supplierId);
      if (result.changes !== 1) throw new Error(`${table} ${doc.id} is not owned by supplier ${supplierId}`);
      return doc;
    },
    secret<S>(supplierId: number, id: number): S | undefined {
      const row = byId.get(id) as Row | undefined;
      if (!row || row.supplier_id !== supplierId || row.secret === null) return undefined;
      return JSON.parse(row.secret) as S;
    },
    findForBuyer(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? { supplierId: row.supplier_id, doc: JSON.parse(row.doc) as T } : undefined;
    },
  };
}
