import { prepareAgentEntry } from '../../cell/agent/agent-bundle.ts';
import { loadConfig } from '../../config/index.ts';
import { modelSelectionHelp, resolveModelSettings } from '../../config/model-config.ts';
import { createModelAdapter } from '../../models/select-model.ts';
import { selectCellDriver } from '../../sandbox/select-cell-driver.ts';
import { loadSkills } from '../../skills/index.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';
import { appRoot } from './cells-for-command.ts';
import { cspApiOptions, runCspApiUntilStopped } from './csp-api.ts';

/**
 * Starts the platform embedded on one data dir: today the CSP API simulator, with everything a
 * session needs checked up front: the skills (a malformed SKILL.md stops start-up naming the file
 * and field), the model selection, the sandbox driver (production mode refuses running sessions
 * unsandboxed) and the agent loop's bundle. The gateway, which runs sessions over HTTP, joins it here.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Starts the platform embedded (today: the CSP API; cells are checked) and prints its URL.',
  options: {
    ...cspApiOptions,
    sandbox: {
      type: 'string',
      description: 'Cell driver: auto (default), bubblewrap, unshare or none.',
      valueName: 'DRIVER',
    },
    model: { type: 'string', description: `Model: ${modelSelectionHelp} (default offline).`, valueName: 'M' },
  },
  async run(values, _positionals, io) {
    const config = loadConfig(
      { dataDir: stringOption(values['data-dir']), sandboxDriver: stringOption(values.sandbox) },
      io.env,
    );
    const log = {
      info: (line: string) => io.stderr(`${line}\n`),
      warn: (line: string) => io.stderr(`WARNING: ${line}\n`),
    };
    const skills = loadSkills(config.skillsDir ? { skillsDir: config.skillsDir } : {});
    const model = createModelAdapter(resolveModelSettings(stringOption(values.model), io.env));
    const driver = await selectCellDriver({
      preferred: config.sandbox.driver,
      production: config.production,
      log,
    });
    const agentEntry = await prepareAgentEntry(appRoot, log);
    log.info(
      `skills: ${skills
        .all()
        .map((skill) => skill.name)
        .join(
          ', ',
        )}; model: ${model.id}${model.demo ? ' (demo model)' : ''}; agent loop: ${agentEntry.bundled ? 'bundled' : 'tsx'}`,
    );
    return runCspApiUntilStopped(values, io, 8080, (url) => [
      `Supplier Agent Runtime is up (cells: ${driver.name}). Dev client credentials: supplier-agent tenants --json`,
      `Example: curl -s -X POST ${url}/oauth2/token -d grant_type=client_credentials -d client_id=northwind-agent -d client_secret=SECRET`,
      `Run a command in a cell: supplier-agent sandbox run --tenant northwind --tools purchase_orders_list -- csp purchase-orders list`,
      `Ask the agent: supplier-agent chat --tenant northwind --user maria.chen "status of PO NWC-PO-11001"`,
      `Stop with Ctrl-C (SIGINT) or SIGTERM.`,
    ]);
  },
};
