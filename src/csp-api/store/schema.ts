/**
 * The CSP API's SQLite schema. Every business record is a JSON document in a table of its kind,
 * owned by one supplier (`supplier_id`) and, for most kinds, one customer. Tenant scoping is a
 * column, so no query can forget it: the document table API requires the supplier on every call.
 */
export const documentTables = [
  'customers',
  'purchase_orders',
  'purchase_order_changes',
  'invoices',
  'supplier_profiles',
  'profile_change_requests',
  'remit_to_addresses',
  'catalogs',
  'catalog_items',
] as const;

export type DocumentTable = (typeof documentTables)[number];

const documentTableDdl = (table: DocumentTable): string => `
CREATE TABLE IF NOT EXISTS ${table} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
  customer_id INTEGER,
  parent_id INTEGER,
  number TEXT,
  doc TEXT NOT NULL,
  secret TEXT
);
CREATE INDEX IF NOT EXISTS ${table}_supplier ON ${table}(supplier_id, id);
CREATE INDEX IF NOT EXISTS ${table}_number ON ${table}(supplier_id, number);
`;

export const schemaVersion = 1;

export const schemaDdl = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suppliers (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clients (
  client_id TEXT PRIMARY KEY,
  client_secret TEXT NOT NULL,
  supplier_id INTEGER REFERENCES suppliers(id),
  role TEXT NOT NULL CHECK (role IN ('supplier', 'buyer')),
  scopes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signing_keys (
  kid TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);
${documentTables.map(documentTableDdl).join('\n')}
CREATE UNIQUE INDEX IF NOT EXISTS invoices_unique_number ON invoices(supplier_id, customer_id, number);
`;
