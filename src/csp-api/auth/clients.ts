import crypto from 'node:crypto';
import type { SqliteDatabase } from '../store/open-database.ts';
import type { Scope } from './scopes.ts';

export interface Client {
  clientId: string;
  role: 'supplier' | 'buyer';
  supplierId: number | null;
  scopes: Scope[];
}

interface ClientRow {
  client_id: string;
  client_secret: string;
  supplier_id: number | null;
  role: 'supplier' | 'buyer';
  scopes: string;
}

/** A random client secret; secrets are generated per data dir and never appear in source. */
export function generateClientSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function registerClient(db: SqliteDatabase, client: Client, secret: string): void {
  db.prepare(
    'INSERT INTO clients (client_id, client_secret, supplier_id, role, scopes) VALUES (?, ?, ?, ?, ?)',
  ).run(client.clientId, secret, client.supplierId, client.role, client.scopes.join(' '));
}

/** The client with that id and secret, compared in constant time; undefined otherwise. */
export function authenticateClient(db: SqliteDatabase, clientId: string, secret: string): Client | undefined {
  const row = db.prepare('SELECT * FROM clients WHERE client_id = ?').get(clientId) as ClientRow | undefined;
  const expected = Buffer.from(row?.client_secret ?? 'x'.repeat(32));
  const given = Buffer.from(secret);
  const same = expected.length === given.length && crypto.timingSafeEqual(expected, given);
  if (!row || !same) return undefined;
  return toClient(row);
}

export function findClient(db: SqliteDatabase, clientId: string): Client | undefined {
  const row = db.prepare('SELECT * FROM clients WHERE client_id = ?').get(clientId) as ClientRow | undefined;
  return row ? toClient(row) : undefined;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  supplierId: number | null;
  role: 'supplier' | 'buyer';
}

export function listClientCredentials(db: SqliteDatabase): ClientCredentials[] {
  const rows = db.prepare('SELECT * FROM clients ORDER BY client_id').all() as ClientRow[];
  return rows.map((row) => ({
    clientId: row.client_id,
    clientSecret: row.client_secret,
    supplierId: row.supplier_id,
    role: row.role,
  }));
}

function toClient(row: ClientRow): Client {
  return {
    clientId: row.client_id,
    role: row.role,
    supplierId: row.supplier_id,
    scopes: row.scopes.split(' ').filter(Boolean) as Scope[],
  };
}
