import type { CliCommand } from '../command.ts';
import { cspApiOptions, runCspApiUntilStopped } from './csp-api.ts';

/**
 * Starts the platform embedded on one data dir. Today the platform is the CSP API simulator; the
 * gateway, brokers, cells and audit store join it here as they are built.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Starts the platform embedded (today: the CSP API simulator) and prints its URL.',
  options: cspApiOptions,
  run: (values, _positionals, io) =>
    runCspApiUntilStopped(values, io, 8080, (url) => [
      `Supplier Agent Runtime is up. Dev client credentials: supplier-agent tenants --json`,
      `Example: curl -s -X POST ${url}/oauth2/token -d grant_type=client_credentials -d client_id=northwind-agent -d client_secret=SECRET`,
      `Stop with Ctrl-C (SIGINT) or SIGTERM.`,
    ]),
};
