import type pg from 'pg';
import { isAppError } from '../../errors/index.ts';
import type { PendingEvent } from '../accept-event.ts';
import { chainEvent } from '../accept-event.ts';
import type { AuditEvent } from '../event-types.ts';
import { genesisHash } from '../hash-chain.ts';
import { toSafeInteger } from '../stored-rows.ts';
import { lockKey, type RuntimePool, unavailable } from './postgres-connection.ts';
import { quoteIdentifier } from './postgres-schema.ts';

interface Head {
  seq: number;
  hash: string;
}

/**
 * One transaction per batch, so one commit (one WAL flush) for all its events:
 * 1. lock the chains the batch extends (`pg_advisory_xact_lock(schema key, session key)`, in key
 *    order so two writers never deadlock), so another process appending to the same session waits;
 * 2. read their heads, which no one else can move any more until this commit;
 * 3. insert every event in one statement, each chained to the one before (the trigger checks it);
 * 4. commit; only then does `append` resolve.
 */
export function createPostgresBatchCommitter(
  pool: RuntimePool,
  schema: string,
): (batch: PendingEvent[]) => Promise<AuditEvent[]> {
  const s = quoteIdentifier(schema);
  const schemaKey = lockKey(`audit schema ${schema}`);
  const lockSql = `SELECT pg_advisory_xact_lock($1::int4, key) FROM unnest($2::int4[]) AS key ORDER BY key`;
  const headsSql = `SELECT session_id, head_seq, head_hash FROM ${s}.audit_sessions WHERE session_id = ANY($1::text[])`;
  const insertSql = `INSERT INTO ${s}.audit_events (session_id, seq, ts, type, payload, prev_hash, hash)
    SELECT session_id, seq, ts, type, payload, prev_hash, hash
    FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
      WITH ORDINALITY AS row (session_id, seq, ts, type, payload, prev_hash, hash, position)
    ORDER BY position`;

  async function storedHeads(client: pg.PoolClient, sessionIds: string[]): Promise<Map<string, Head>> {
    const keys = [...new Set(sessionIds.map(lockKey))].sort((a, b) => a - b);
    await client.query(lockSql, [schemaKey, keys]);
    const result = await client.query<{ session_id: string; head_seq: string; head_hash: string }>(headsSql, [
      sessionIds,
    ]);
    return new Map(
      result.rows.map((row) => [
        row.session_id,
        { seq: toSafeInteger(row.head_seq, 'head seq'), hash: row.head_hash },
      ]),
    );
  }

  const commit = (batch: PendingEvent[]) =>
    pool.withClient(async (client) => {
      let committing = false;
      try {
        await client.query('BEGIN');
        const heads = await storedHeads(client, [...new Set(batch.map((pending) => pending.sessionId))]);
        const events = chain(batch, heads);
        await client.query(insertSql, columnsOf(events, batch));
        committing = true;
        await client.query('COMMIT');
        return events;
      } catch (error) {
        if (!committing) await client.query('ROLLBACK').catch(() => undefined);
        // A failed COMMIT may have been applied before the connection broke: the outcome is unknown.
        throw unavailable(
          committing
            ? 'The audit log could not confirm its commit; this batch may or may not be recorded'
            : 'The audit log could not commit; nothing of this batch was recorded',
          error,
          committing ? { outcome: 'unknown' } : undefined,
        );
      }
    });
  return async (batch) => {
    try {
      return await commit(batch);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw unavailable('The audit log could not reach its store; nothing of this batch was recorded', error);
    }
  };
}

/** Each event extends its session's chain: from the stored head, then from the batch's previous one. */
function chain(batch: PendingEvent[], heads: Map<string, Head>): AuditEvent[] {
  return batch.map((pending) => chainEvent(pending, heads, () => ({ seq: 0, hash: genesisHash })));
}

/** The INSERT's parameters: one array per column, in batch order. */
function columnsOf(events: AuditEvent[], batch: PendingEvent[]): unknown[] {
  return [
    events.map((event) => event.sessionId),
    events.map((event) => event.seq),
    events.map((event) => event.ts),
    events.map((event) => event.type),
    batch.map((pending) => pending.payloadJson),
    events.map((event) => event.prevHash),
    events.map((event) => event.hash),
  ];
}
