import {
  type AuditReader,
  openAuditReader,
  summarizePayload,
  verifyAll,
  verifyStoredSession,
} from '../../audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { AppError } from '../../errors/index.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand, CommandIo } from '../command.ts';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary:
    'Shows a session\'s audit events ("audit show SESSION") or verifies the hash chains ("audit verify").',
  positionals: 'show SESSION | verify',
  options: {
    json: {
      type: 'boolean',
      description: 'show: print the events as a JSON array. verify: print the result as JSON.',
    },
    session: { type: 'string', description: 'verify: check only this session.', valueName: 'ID' },
  },
  async run(values, positionals, io) {
    const [action, sessionArgument, ...extra] = positionals;
    if (action !== 'show' && action !== 'verify') {
      throw new AppError(
        'usage',
        'Use "audit show SESSION" or "audit verify [--session ID]". See supplier-agent audit --help.',
      );
    }
    const unexpected =
      action === 'show' ? extra : [sessionArgument, ...extra].filter((text) => text !== undefined);
    if (unexpected.length > 0) throw new AppError('usage', `Unexpected argument "${unexpected[0]}".`);
    if (action === 'show' && values.session !== undefined) {
      throw new AppError(
        'usage',
        '--session is for audit verify; audit show takes the SESSION as its argument.',
      );
    }
    const config = loadConfig({ dataDir: stringOption(values['data-dir']) }, io.env);
    const reader = openAuditReader({ dataDir: config.dataDir });
    try {
      if (action === 'show') return show(reader, sessionArgument, values.json === true, io);
      return verify(reader, stringOption(values.session), values.json === true, io);
    } finally {
      await reader.close();
    }
  },
};

function show(reader: AuditReader, sessionId: string | undefined, json: boolean, io: CommandIo): number {
  if (sessionId === undefined) throw new AppError('usage', 'audit show needs a SESSION id.');
  requireSession(reader, sessionId);
  const events = reader.events(sessionId);
  if (json) {
    io.stdout(`${JSON.stringify(events, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...events.map((event) => event.type.length));
  for (const event of events) {
    io.stdout(
      `${String(event.seq).padStart(5)}  ${event.ts}  ${event.type.padEnd(width)}  ${summarizePayload(event.payload)}\n`,
    );
  }
  return 0;
}

function verify(reader: AuditReader, sessionId: string | undefined, json: boolean, io: CommandIo): number {
  if (sessionId !== undefined) requireSession(reader, sessionId);
  const result = sessionId === undefined ? verifyAll(reader) : verifyStoredSession(reader, sessionId);
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok)
    io.stdout(`${count(result.sessions, 'session')}, ${count(result.events, 'event')}, intact\n`);
  else io.stdout(`TAMPERED (${result.reason}): ${result.message}\n`);
  return result.ok ? 0 : 1;
}

function requireSession(reader: AuditReader, sessionId: string): void {
  if (!reader.sessionIds().includes(sessionId)) {
    throw new AppError('not_found', `No audit events for session "${sessionId}".`);
  }
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}
