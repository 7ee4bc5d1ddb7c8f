import { loadConfig } from '../../config/index.ts';
import { selectCellDriver } from '../../sandbox/select-cell-driver.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';
import { cspApiOptions, runCspApiUntilStopped } from './csp-api.ts';

/**
 * Starts the platform embedded on one data dir: today the CSP API simulator, with the sandbox
 * driver chosen and checked up front (production mode refuses running sessions unsandboxed). The
 * gateway, which binds sessions to cells and brokers, joins it here.
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
    const driver = await selectCellDriver({
      preferred: config.sandbox.driver,
      production: config.production,
      log,
    });
    return runCspApiUntilStopped(values, io, 8080, (url) => [
      `Supplier Agent Runtime is up (cells: ${driver.name}). Dev client credentials: supplier-agent tenants --json`,
      `Example: curl -s -X POST ${url}/oauth2/token -d grant_type=client_credentials -d client_id=northwind-agent -d client_secret=SECRET`,
      `Run a command in a cell: supplier-agent sandbox run --tenant northwind --tools purchase_orders_list -- csp purchase-orders list`,
      `Stop with Ctrl-C (SIGINT) or SIGTERM.`,
    ]);
  },
};
