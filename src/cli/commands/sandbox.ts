import crypto from 'node:crypto';
import path from 'node:path';
import { openAuditStore } from '../../audit/open-audit-store.ts';
import { createCspCredentialProvider } from '../../broker/csp-credentials.ts';
import { systemClock } from '../../clock/clock.ts';
import { type Config, loadConfig } from '../../config/index.ts';
import { AppError } from '../../errors/index.ts';
import type { CellMount } from '../../sandbox/cell-driver.ts';
import { runInCell, type SessionSkill } from '../../sessions/run-in-cell.ts';
import { findSkillTools, skillFromFile } from '../../sessions/skill-tools.ts';
import { tenantCredentials } from '../../sessions/tenant-credentials.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand, CommandIo } from '../command.ts';
import { auditStoreOption } from './audit-store-option.ts';
import { appRoot, cellsForCommand } from './cells-for-command.ts';
import { withCspApi } from './with-csp-api.ts';

function parseMount(text: string): CellMount {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new AppError('usage', `--mount takes HOST:CELL, got "${text}".`);
  }
  return { hostPath: path.resolve(text.slice(0, colon)), cellPath: text.slice(colon + 1) };
}

function skillOf(values: Record<string, unknown>): SessionSkill {
  const skill = stringOption(values.skill);
  const tools = stringOption(values.tools);
  if ((skill === undefined) === (tools === undefined)) {
    throw new AppError('usage', 'Give exactly one of --skill S or --tools a,b.');
  }
  if (tools !== undefined) return { name: 'tools', tools: findSkillTools(tools.split(',')) };
  return skillFromFile(path.join(appRoot, 'skills'), skill!);
}

async function runSandbox(config: Config, values: Record<string, unknown>, argv: string[], io: CommandIo) {
  const tenantId = stringOption(values.tenant);
  if (!tenantId) throw new AppError('usage', '--tenant is required.');
  if (argv.length === 0)
    throw new AppError('usage', 'Give the command to run after --, e.g. -- csp customers list.');
  const skill = skillOf(values);
  const mounts = ((values.mount as string[] | undefined) ?? []).map(parseMount);
  const sessionId = stringOption(values['session-id']) ?? crypto.randomUUID();
  const log = {
    info: (line: string) => io.stderr(`${line}\n`),
    warn: (line: string) => io.stderr(`WARNING: ${line}\n`),
  };
  return withCspApi(config, stringOption(values['csp-url']), async (csp) => {
    const credentials = tenantCredentials(csp.db, tenantId);
    const pool = await cellsForCommand(config, log);
    const audit = await openAuditStore({ ...config.audit, dataDir: config.dataDir }, systemClock);
    const controller = new AbortController();
    io.signal.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      const result = await runInCell({
        sessionId,
        tenantId,
        userId: stringOption(values.user) ?? 'operator',
        skill,
        argv,
        mounts,
        pool,
        audit,
        upstreamUrl: csp.url,
        credentials: createCspCredentialProvider({ apiUrl: csp.url, ...credentials, clock: systemClock }),
        clock: systemClock,
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        signal: controller.signal,
      });
      io.stderr(`session: ${sessionId}\n`);
      return result.exitCode;
    } finally {
      await pool.close();
      await audit.close();
    }
  });
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary:
    "sandbox run: runs a command in a fresh cell bound to a tenant, with a skill's egress policy, audited.",
  positionals: 'run -- CMD [ARGS]',
  options: {
    ...auditStoreOption,
    tenant: { type: 'string', description: 'Tenant the cell acts for (required).', valueName: 'T' },
    skill: { type: 'string', description: 'Egress policy of this skill.', valueName: 'S' },
    tools: {
      type: 'string',
      description: 'Egress policy of exactly these tools (comma-separated).',
      valueName: 'a,b',
    },
    'session-id': {
      type: 'string',
      description: 'Audit the run under this session id (default: a new one).',
      valueName: 'ID',
    },
    mount: {
      type: 'string',
      multiple: true,
      description: 'Extra read-only bind mount (repeatable).',
      valueName: 'HOST:CELL',
    },
    user: { type: 'string', description: 'User recorded as acting (default operator).', valueName: 'U' },
    'csp-url': {
      type: 'string',
      description: 'Use this CSP API instead of starting the embedded one.',
      valueName: 'URL',
    },
  },
  async run(values, positionals, io) {
    const [verb, ...argv] = positionals;
    if (verb !== 'run')
      throw new AppError(
        'usage',
        'Usage: supplier-agent sandbox run --tenant T (--skill S | --tools a,b) -- CMD [ARGS]',
      );
    const config = loadConfig(
      { dataDir: stringOption(values['data-dir']), auditStore: stringOption(values['audit-store']) },
      io.env,
    );
    return runSandbox(config, values, argv, io);
  },
};
