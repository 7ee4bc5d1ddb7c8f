import { loadConfig } from '../../config/index.ts';
import { createCspApiServer } from '../../csp-api/server.ts';
import { integerOption, stringOption } from '../arguments.ts';
import type { CliCommand, CommandIo } from '../command.ts';

/** Runs the CSP API on a port until the command is signalled, then closes it cleanly. */
export async function runCspApiUntilStopped(
  values: Record<string, unknown>,
  io: CommandIo,
  defaultPort: number,
  banner: (url: string) => string[],
): Promise<number> {
  const config = loadConfig(
    {
      dataDir: stringOption(values['data-dir']),
      host: stringOption(values.host),
      cspPort: integerOption('port', values.port, 0, 65535) ?? defaultPort,
      rateLimit: stringOption(values['rate-limit']),
    },
    io.env,
  );
  const server = await createCspApiServer({ dataDir: config.dataDir, config: config.cspApi });
  const url = await server.listen(config.cspApi.port, config.host);
  io.stdout(`listening on ${url}\n`);
  for (const line of banner(url)) io.stderr(`${line}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}

export const cspApiOptions = {
  port: { type: 'string', description: 'Port to listen on; 0 picks a free one.', valueName: 'PORT' },
  host: { type: 'string', description: 'Interface to bind (default 127.0.0.1).', valueName: 'HOST' },
  'rate-limit': {
    type: 'string',
    description: 'Per-client limit as RATE/BURST (default 25/20), or off.',
    valueName: 'RATE/BURST',
  },
} as const satisfies CliCommand['options'];

export const cspApiCommand: CliCommand = {
  name: 'csp-api',
  summary: 'Runs only the CSP API simulator (the internal API the agent acts on), seeded on first start.',
  options: cspApiOptions,
  run: (values, _positionals, io) =>
    runCspApiUntilStopped(values, io, 4010, (url) => [
      `CSP API simulator ready. Dev client credentials: supplier-agent tenants --json`,
      `Try: csp --api-url ${url} --client-id northwind-agent --client-secret SECRET purchase-orders list --status issued`,
    ]),
};
