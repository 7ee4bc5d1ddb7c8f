import fs from 'node:fs';
import { type AuditBundle, buildAuditBundle, verifyAuditBundle } from '../../audit/audit-bundle.ts';
import {
  configuredSigner,
  generateCheckpointKey,
  loadCheckpointVerifyKey,
} from '../../audit/checkpoint-signer.ts';
import type { AuditCheckpoint } from '../../audit/checkpoint-types.ts';
import { createCheckpointer } from '../../audit/checkpointer.ts';
import type { AuditReader } from '../../audit/event-types.ts';
import { summarizePayload, type VerifyResult, verifyAll, verifyStoredSession } from '../../audit/index.ts';
import { openAuditStore, openAuditStoreReader } from '../../audit/open-audit-store.ts';
import { systemClock } from '../../clock/clock.ts';
import { type Config, loadConfig } from '../../config/index.ts';
import { AppError } from '../../errors/index.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand, CommandIo } from '../command.ts';
import { auditStoreOption } from './audit-store-option.ts';

const actions = ['show', 'verify', 'checkpoint', 'export', 'keygen'] as const;
type Action = (typeof actions)[number];

/** Which positionals each action takes. */
const arity: Record<Action, { name?: string; required: boolean }> = {
  show: { name: 'SESSION', required: true },
  verify: { required: false },
  checkpoint: { required: false },
  export: { name: 'SESSION', required: true },
  keygen: { name: 'FILE', required: true },
};

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: [
    'The audit log:',
    "  show SESSION        a session's events, in order",
    '  verify              hash chains and checkpoints (exit 1 naming the first fault); --bundle FILE checks an exported bundle',
    '  checkpoint          seals every session head now (signed with SUPPLIER_AGENT_CHECKPOINT_KEY when set)',
    '  export SESSION      a self-contained, verifiable bundle (events + checkpoint + inclusion proof)',
    '  keygen FILE         a new Ed25519 checkpoint key pair: FILE (private) and FILE.pub',
  ].join('\n'),
  positionals: `${actions.join('|')} [SESSION|FILE]`,
  options: {
    json: {
      type: 'boolean',
      description: 'show: the events as a JSON array. verify, checkpoint: the result as JSON.',
    },
    session: { type: 'string', description: 'verify: check only this session.', valueName: 'ID' },
    bundle: {
      type: 'string',
      description: 'verify: check this exported bundle instead of the store.',
      valueName: 'FILE',
    },
    'checkpoint-key': {
      type: 'string',
      description: 'verify: every checkpoint must be signed by this key (PEM public or private key).',
      valueName: 'FILE',
    },
    'expect-checkpoint': {
      type: 'string',
      multiple: true,
      description:
        'verify: a checkpoint exported earlier (audit checkpoint --out) that must still be in the store.',
      valueName: 'FILE',
    },
    out: {
      type: 'string',
      description: 'export, checkpoint: write to FILE instead of standard output.',
      valueName: 'FILE',
    },
    ...auditStoreOption,
  },
  async run(values, positionals, io) {
    const [actionText, argument, ...extra] = positionals;
    const action = actions.find((name) => name === actionText);
    if (!action) {
      throw new AppError('usage', `Use "audit ${actions.join('|')}". See supplier-agent audit --help.`);
    }
    const shape = arity[action];
    if (extra.length > 0 || (!shape.name && argument !== undefined)) {
      throw new AppError('usage', `Unexpected argument "${extra[0] ?? argument}".`);
    }
    if (shape.required && argument === undefined)
      throw new AppError('usage', `audit ${action} needs a ${shape.name}.`);
    if (values.session !== undefined && action !== 'verify') {
      throw new AppError(
        'usage',
        `--session is for audit verify; audit ${action} takes ${shape.name ?? 'no argument'}.`,
      );
    }
    if (action === 'keygen') return keygen(argument as string, io);
    if (action === 'verify' && values.bundle !== undefined) return verifyBundle(values, io);
    const config = loadConfig(
      { dataDir: stringOption(values['data-dir']), auditStore: stringOption(values['audit-store']) },
      io.env,
    );
    if (action === 'checkpoint' || action === 'export')
      return writeAction(action, argument, config, values, io);
    const reader = await openAuditStoreReader({ ...config.audit, dataDir: config.dataDir }, systemClock);
    try {
      if (action === 'show') return await show(reader, argument as string, values.json === true, io);
      return await verify(reader, values, io);
    } finally {
      await reader.close();
    }
  },
};

async function show(reader: AuditReader, sessionId: string, json: boolean, io: CommandIo): Promise<number> {
  await requireSession(reader, sessionId);
  const events = await reader.events(sessionId);
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

type Values = Parameters<CliCommand['run']>[0];

async function verify(reader: AuditReader, values: Values, io: CommandIo): Promise<number> {
  const sessionId = stringOption(values.session);
  const keyFile = stringOption(values['checkpoint-key']);
  const expected = ((values['expect-checkpoint'] as string[] | undefined) ?? []).map(readCheckpointFile);
  let result: VerifyResult;
  if (sessionId !== undefined) {
    await requireSession(reader, sessionId);
    result = await verifyStoredSession(reader, sessionId);
  } else {
    result = await verifyAll(reader, {
      ...(keyFile ? { verifyKey: loadCheckpointVerifyKey(keyFile) } : {}),
      expectedCheckpoints: expected,
    });
  }
  return report(result, values.json === true, io);
}

function verifyBundle(values: Values, io: CommandIo): number {
  const file = stringOption(values.bundle) as string;
  const keyFile = stringOption(values['checkpoint-key']);
  const bundle = readJsonFile(file, 'audit bundle') as AuditBundle;
  const result = verifyAuditBundle(bundle, keyFile ? loadCheckpointVerifyKey(keyFile) : undefined);
  return report(result, values.json === true, io);
}

function report(result: VerifyResult, json: boolean, io: CommandIo): number {
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) {
    const sealed = result.checkpoints ? `, ${count(result.checkpoints, 'checkpoint')}` : '';
    io.stdout(`${count(result.sessions, 'session')}, ${count(result.events, 'event')}${sealed}, intact\n`);
  } else io.stdout(`TAMPERED (${result.reason}): ${result.message}\n`);
  return result.ok ? 0 : 1;
}

/** `checkpoint` and `export` seal the current heads first, so they open the store for writing. */
async function writeAction(
  action: 'checkpoint' | 'export',
  sessionId: string | undefined,
  config: Config,
  values: Values,
  io: CommandIo,
): Promise<number> {
  const store = await openAuditStore({ ...config.audit, dataDir: config.dataDir }, systemClock);
  try {
    if (sessionId !== undefined) await requireSession(store, sessionId);
    const signer = configuredSigner(config.audit, config.dataDir);
    await createCheckpointer({ store, clock: systemClock, ...(signer ? { signer } : {}) }).checkpoint();
    const latest = (await store.checkpoints()).at(-1) as AuditCheckpoint;
    const output =
      action === 'export'
        ? buildAuditBundle(await store.events(sessionId as string), latest, systemClock.now().toISOString())
        : (({ leaves: _leaves, ...header }) => header)(latest);
    const text = `${JSON.stringify(output, null, 2)}\n`;
    const out = stringOption(values.out);
    if (out) {
      fs.writeFileSync(out, text, { mode: 0o600 });
      io.stderr(`wrote ${out}\n`);
    } else io.stdout(text);
    return 0;
  } finally {
    await store.close();
  }
}

function keygen(file: string, io: CommandIo): number {
  const made = generateCheckpointKey(file);
  io.stdout(
    `private key: ${made.privateKeyFile}\npublic key:  ${made.publicKeyFile}\nkey id:      ${made.keyId}\n`,
  );
  return 0;
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('not_found', `Cannot read the ${what} ${file}.`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_argument', `The ${what} ${file} is not JSON.`, { cause: error });
  }
}

function readCheckpointFile(file: string): AuditCheckpoint {
  const checkpoint = readJsonFile(file, 'checkpoint') as Partial<AuditCheckpoint> | null;
  if (typeof checkpoint?.seq !== 'number' || typeof checkpoint.hash !== 'string') {
    throw new AppError('invalid_argument', `${file} is not an exported checkpoint (needs seq and hash).`);
  }
  return checkpoint as AuditCheckpoint;
}

async function requireSession(reader: Pick<AuditReader, 'sessionIds'>, sessionId: string): Promise<void> {
  if (!(await reader.sessionIds()).includes(sessionId)) {
    throw new AppError('not_found', `No audit events for session "${sessionId}".`);
  }
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}
