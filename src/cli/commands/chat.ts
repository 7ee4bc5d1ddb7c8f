import crypto from 'node:crypto';
import { openAuditStore } from '../../audit/open-audit-store.ts';
import { prepareAgentEntry } from '../../cell/agent/agent-bundle.ts';
import { systemClock } from '../../clock/clock.ts';
import { loadConfig } from '../../config/index.ts';
import { modelSelectionHelp, resolveModelSettings } from '../../config/model-config.ts';
import { AppError } from '../../errors/index.ts';
import { createModelAdapter } from '../../models/select-model.ts';
import { createCredentialProviders } from '../../sessions/credential-providers.ts';
import { runTurn } from '../../sessions/run-turn.ts';
import { tenantCredentials } from '../../sessions/tenant-credentials.ts';
import { tenantUser } from '../../sessions/tenant-users.ts';
import { loadSkills } from '../../skills/index.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';
import { auditStoreOption } from './audit-store-option.ts';
import { appRoot, cellsForCommand } from './cells-for-command.ts';
import { withCspApi } from './with-csp-api.ts';

/** Exit statuses: 0 the turn completed, 1 it failed, 3 it was interrupted. */
const exitCodes = { completed: 0, failed: 1, interrupted: 3 } as const;

export const chatCommand: CliCommand = {
  name: 'chat',
  summary: 'Runs one turn of a session without the HTTP gateway (same cells, brokers and audit).',
  positionals: 'MESSAGE',
  options: {
    ...auditStoreOption,
    tenant: { type: 'string', description: 'The supplier tenant (required).', valueName: 'T' },
    user: { type: 'string', description: "The tenant's user who asks (required).", valueName: 'U' },
    session: {
      type: 'string',
      description: 'Continue this session (default: a new one).',
      valueName: 'ID',
    },
    skill: { type: 'string', description: 'Run this skill, skipping routing.', valueName: 'S' },
    model: { type: 'string', description: `Model: ${modelSelectionHelp} (default offline).`, valueName: 'M' },
    json: {
      type: 'boolean',
      description: 'Print the turn as JSON { sessionId, status, skill, reply, reason }.',
    },
    'csp-url': {
      type: 'string',
      description: 'Use this CSP API instead of starting the embedded one.',
      valueName: 'URL',
    },
  },
  async run(values, positionals, io) {
    const tenantId = stringOption(values.tenant);
    const userId = stringOption(values.user);
    if (!tenantId || !userId) throw new AppError('usage', '--tenant and --user are required.');
    const message = positionals.join(' ').trim();
    if (message === '')
      throw new AppError('usage', 'Give the message, e.g. chat --tenant T --user U "status of PO X".');
    const config = loadConfig(
      { dataDir: stringOption(values['data-dir']), auditStore: stringOption(values['audit-store']) },
      io.env,
    );
    const model = createModelAdapter(resolveModelSettings(stringOption(values.model), io.env));
    const skills = loadSkills(config.skillsDir ? { skillsDir: config.skillsDir } : {});
    const skill = stringOption(values.skill);
    if (skill !== undefined) skills.require(skill);
    const sessionId = stringOption(values.session) ?? crypto.randomUUID();
    const log = { info: () => {}, warn: (line: string) => io.stderr(`WARNING: ${line}\n`) };
    return withCspApi(config, stringOption(values['csp-url']), async (csp) => {
      const user = tenantUser(csp.db, tenantId, userId);
      const agentEntry = await prepareAgentEntry(appRoot, log);
      const pool = await cellsForCommand(config, log);
      const audit = await openAuditStore({ ...config.audit, dataDir: config.dataDir }, systemClock);
      const controller = new AbortController();
      io.signal.addEventListener('abort', () => controller.abort('interrupted by the operator'), {
        once: true,
      });
      try {
        const result = await runTurn(
          {
            skills,
            model,
            pool,
            agentEntry: agentEntry.relativePath,
            audit,
            upstreamUrl: csp.url,
            clock: systemClock,
            credentials: createCredentialProviders({
              apiUrl: csp.url,
              secrets: (tenant) => tenantCredentials(csp.db, tenant),
              clock: systemClock,
            }),
          },
          {
            sessionId,
            tenantId,
            user,
            message,
            ...(skill === undefined ? {} : { skill }),
            signal: controller.signal,
          },
        );
        if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
        else io.stdout(`${result.reply}\n`);
        io.stderr(`session: ${sessionId}\n`);
        if (result.status !== 'completed') io.stderr(`turn ${result.status}: ${result.reason ?? ''}\n`);
        return exitCodes[result.status];
      } finally {
        await pool.close();
        await audit.close();
      }
    });
  },
};
