import crypto from 'node:crypto';
import { AppError } from '../../errors/index.ts';
import type { SqliteDatabase } from '../store/open-database.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyStore {
  /** The first response to this key, if the same request was seen; an error if the key was used differently. */
  lookup(principal: string, key: string, fingerprint: string): StoredResponse | undefined;
  save(principal: string, key: string, fingerprint: string, response: StoredResponse, now: Date): void;
}

export const maxIdempotencyKeyLength = 255;

export function requestFingerprint(method: string, url: string, body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

export function createIdempotencyStore(db: SqliteDatabase): IdempotencyStore {
  const select = db.prepare(
    'SELECT fingerprint, status, body FROM idempotency_keys WHERE principal = ? AND key = ?',
  );
  const insert = db.prepare(
    'INSERT INTO idempotency_keys (principal, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    lookup(principal, key, fingerprint) {
      const row = select.get(principal, key) as
        | { fingerprint: string; status: number; body: string }
        | undefined;
      if (!row) return undefined;
      if (row.fingerprint !== fingerprint) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
          {
            fields: { 'idempotency-key': ['was already used for a different request'] },
          },
        );
      }
      return { status: row.status, body: JSON.parse(row.body) };
    },
    save(principal, key, fingerprint, response, now) {
      insert.run(
        principal,
        key,
        fingerprint,
        response.status,
        JSON.stringify(response.body),
        now.toISOString(),
      );
    },
  };
}
