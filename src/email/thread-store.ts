import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock/clock.ts';
import type { InboundChannel, RefusalReason } from './email-types.ts';

/** File name of the channel's store inside the data dir. */
export const emailDatabaseFile = 'email.sqlite';

/** The session a message id belongs to, and whose session it is. */
export interface ThreadEntry {
  messageId: string;
  sessionId: string;
  tenantId: string;
  userId: string;
  direction: 'in' | 'out';
}

/** A refused message, for operators: no session was created for it. */
export interface RefusalRecord {
  receivedAt: string;
  channel: InboundChannel;
  reason: RefusalReason;
  /** What the check found, for operators (never shown to the sender). */
  detail: string;
  mailFrom: string | null;
  headerFrom: string | null;
  messageId: string | null;
  remoteAddress: string | null;
  bytes: number;
  sha256: string;
}

export interface ThreadStore {
  /** Remembers that a message (received or sent) belongs to a session. */
  remember(entry: ThreadEntry): void;
  /** The session of the first of these message ids the store knows (nearest first). */
  lookup(messageIds: readonly string[]): ThreadEntry | undefined;
  recordRefusal(refusal: Omit<RefusalRecord, 'receivedAt'>): void;
  /** Refusals, newest first. */
  refusals(limit?: number): RefusalRecord[];
  close(): void;
}

const schema = `
CREATE TABLE IF NOT EXISTS email_threads (
  message_id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS email_threads_session ON email_threads (session_id);
CREATE TABLE IF NOT EXISTS email_refusals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at TEXT NOT NULL,
  channel TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  mail_from TEXT,
  header_from TEXT,
  message_id TEXT,
  remote_address TEXT,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL
);
`;

/**
 * The channel's own small SQLite store (`email.sqlite` in the data dir, 0600): message id to
 * session, so a reply finds its session after a restart, and the refusals operators look into.
 * The audit log stays the record of sessions; this is only the index e-mail threading needs.
 */
export function openThreadStore(options: { dataDir: string; clock: Clock }): ThreadStore {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, emailDatabaseFile);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(schema);
  fs.chmodSync(file, 0o600);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO email_threads (message_id, session_id, tenant_id, user_id, direction, recorded_at)
     VALUES (@messageId, @sessionId, @tenantId, @userId, @direction, @recordedAt)`,
  );
  const select = db.prepare<[string], Record<string, string>>(
    `SELECT message_id, session_id, tenant_id, user_id, direction FROM email_threads WHERE message_id = ?`,
  );
  const insertRefusal = db.prepare(
    `INSERT INTO email_refusals (received_at, channel, reason, detail, mail_from, header_from, message_id,
       remote_address, bytes, sha256)
     VALUES (@receivedAt, @channel, @reason, @detail, @mailFrom, @headerFrom, @messageId, @remoteAddress,
       @bytes, @sha256)`,
  );
  const selectRefusals = db.prepare<[number], Record<string, string | number | null>>(
    `SELECT * FROM email_refusals ORDER BY id DESC LIMIT ?`,
  );
  return {
    remember(entry) {
      insert.run({ ...entry, recordedAt: options.clock.now().toISOString() });
    },
    lookup(messageIds) {
      for (const messageId of messageIds) {
        const row = select.get(messageId);
        if (row) {
          return {
            messageId: String(row.message_id),
            sessionId: String(row.session_id),
            tenantId: String(row.tenant_id),
            userId: String(row.user_id),
            direction: row.direction === 'out' ? 'out' : 'in',
          };
        }
      }
      return undefined;
    },
    recordRefusal(refusal) {
      insertRefusal.run({ ...refusal, receivedAt: options.clock.now().toISOString() });
    },
    refusals(limit = 100) {
      return selectRefusals.all(limit).map((row) => ({
        receivedAt: String(row.received_at),
        channel: row.channel === 'webhook' ? 'webhook' : 'smtp',
        reason: String(row.reason) as RefusalReason,
        detail: String(row.detail),
        mailFrom: row.mail_from === null ? null : String(row.mail_from),
        headerFrom: row.header_from === null ? null : String(row.header_from),
        messageId: row.message_id === null ? null : String(row.message_id),
        remoteAddress: row.remote_address === null ? null : String(row.remote_address),
        bytes: Number(row.bytes),
        sha256: String(row.sha256),
      }));
    },
    close() {
      db.close();
    },
  };
}
