import type { Clock } from '../clock/clock.ts';
import { AppError } from '../errors/index.ts';
import { appendThrough, type ChainHead, chainEvent, type PendingEvent } from './accept-event.ts';
import { canonicalJson } from './canonical-json.ts';
import type { AuditCheckpoint } from './checkpoint-types.ts';
import type { AuditEvent, AuditStore } from './event-types.ts';
import { createGroupCommit } from './group-commit.ts';
import { genesisHash } from './hash-chain.ts';
import { type AuditDatabase, openAuditDatabase } from './open-audit-database.ts';
import { createSqliteAuditReader, type SqliteAuditReader } from './sqlite-audit-reader.ts';

export interface SqliteAuditLogOptions {
  /** The data dir (the store is `audit.sqlite` in it), or `':memory:'`. */
  dataDir: string;
  /** Stamps each event's `ts` when `append` is called. */
  clock: Clock;
  /** Group-commit window in milliseconds; default 0 (commit at the end of the event-loop turn). */
  batchWindowMs?: number;
}

/** The SQLite store: the append-only log plus its read side, which answers at once. */
export interface SqliteAuditLog extends AuditStore, SqliteAuditReader {
  events: SqliteAuditReader['events'];
  sessionIds: SqliteAuditReader['sessionIds'];
  head: SqliteAuditReader['head'];
  heads: SqliteAuditReader['heads'];
  locateHash: SqliteAuditReader['locateHash'];
  checkpoints: SqliteAuditReader['checkpoints'];
}

/**
 * The append-only, hash-chained audit log on SQLite. Appends are validated and serialized at once
 * (so a caller mutating its payload afterwards changes nothing), then committed in groups: every
 * append of a batch is in one transaction, and its promise resolves only after that commit, which
 * `synchronous = FULL` makes durable.
 */
export function createSqliteAuditLog(options: SqliteAuditLogOptions): SqliteAuditLog {
  const db = openAuditDatabase({ dataDir: options.dataDir });
  const reader = createSqliteAuditReader(db);
  const commitBatch = createBatchCommitter(db);
  const group = createGroupCommit<PendingEvent, AuditEvent>({
    commit: commitBatch,
    ...(options.batchWindowMs === undefined ? {} : { windowMs: options.batchWindowMs }),
  });
  let closed = false;
  const insertCheckpointRow = db.prepare(
    'INSERT INTO audit_checkpoints (seq, ts, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?)',
  );
  const insertCheckpoint = (checkpoint: AuditCheckpoint) => {
    try {
      insertCheckpointRow.run(
        checkpoint.seq,
        checkpoint.ts,
        canonicalJson(checkpoint, 'checkpoint'),
        checkpoint.prevHash,
        checkpoint.hash,
      );
    } catch (error) {
      throw new AppError(
        'conflict',
        `Checkpoint ${checkpoint.seq} does not extend the stored checkpoint chain.`,
        { cause: error },
      );
    }
  };

  return {
    ...reader,
    append: appendThrough({ clock: options.clock, group, isClosed: () => closed }),
    async appendCheckpoint(checkpoint) {
      if (closed) throw new AppError('unavailable', 'The audit log is closed.');
      insertCheckpoint(checkpoint);
    },
    async close() {
      if (closed) return;
      closed = true;
      group.flush();
      db.close();
    },
  };
}

/** One transaction per batch: each event extends its session's chain from the stored head. */
function createBatchCommitter(db: AuditDatabase): (batch: PendingEvent[]) => AuditEvent[] {
  const selectHead = db.prepare<[string], { head_seq: number; head_hash: string }>(
    'SELECT head_seq, head_hash FROM audit_sessions WHERE session_id = ?',
  );
  const insertEvent = db.prepare(
    'INSERT INTO audit_events (session_id, seq, ts, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const storedHead = (sessionId: string) => {
    const row = selectHead.get(sessionId);
    return row ? { seq: row.head_seq, hash: row.head_hash } : { seq: 0, hash: genesisHash };
  };
  const transaction = db.transaction((batch: PendingEvent[]): AuditEvent[] => {
    const heads = new Map<string, ChainHead>();
    return batch.map((pending) => {
      const event = chainEvent(pending, heads, storedHead);
      insertEvent.run(
        event.sessionId,
        event.seq,
        event.ts,
        event.type,
        pending.payloadJson,
        event.prevHash,
        event.hash,
      );
      return event;
    });
  });
  return (batch) => {
    try {
      // IMMEDIATE takes the write lock up front, so another process writing the same file waits
      // (busy_timeout) instead of failing half-way with SQLITE_BUSY.
      return transaction.immediate(batch);
    } catch (error) {
      throw new AppError(
        'unavailable',
        'The audit log could not commit; nothing of this batch was recorded.',
        {
          retryable: true,
          cause: error,
        },
      );
    }
  };
}
