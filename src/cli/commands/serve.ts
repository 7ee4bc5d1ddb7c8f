import { systemClock } from '../../clock/clock.ts';
import { defaultSmtpPort, loadEmailConfig } from '../../config/email-config.ts';
import { loadGatewayConfig } from '../../config/gateway-config.ts';
import { loadConfig } from '../../config/index.ts';
import { modelSelectionHelp, resolveModelSettings } from '../../config/model-config.ts';
import { createModelAdapter } from '../../models/select-model.ts';
import { startPlatform } from '../../platform/start-platform.ts';
import { integerOption, stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';
import { auditStoreOption } from './audit-store-option.ts';
import { appRoot } from './cells-for-command.ts';

/**
 * Starts the whole platform embedded on one data dir (CSP API, gateway with the web chat, the e-mail
 * channel's SMTP listener, brokers, warm cells, the audit store with its periodic checkpoints, the
 * model) and runs until
 * SIGINT/SIGTERM, which interrupts running turns (each recorded as interrupted) before anything is
 * closed.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary:
    'Starts the platform embedded: gateway and web chat, CSP API, cells, brokers, audit; prints its URL.',
  options: {
    port: {
      type: 'string',
      description: 'Gateway port (default 8080); 0 picks a free one.',
      valueName: 'PORT',
    },
    host: { type: 'string', description: 'Interface to bind (default 127.0.0.1).', valueName: 'HOST' },
    'smtp-port': {
      type: 'string',
      description: `Inbound SMTP port of the e-mail channel (default ${defaultSmtpPort}); 0 picks a free one, off for none.`,
      valueName: 'PORT',
    },
    sandbox: {
      type: 'string',
      description: 'Cell driver: auto (default), bubblewrap, unshare or none.',
      valueName: 'DRIVER',
    },
    model: { type: 'string', description: `Model: ${modelSelectionHelp} (default offline).`, valueName: 'M' },
    ...auditStoreOption,
    'rate-limit': {
      type: 'string',
      description: "The CSP API's per-client limit as RATE/BURST (default 25/20), or off.",
      valueName: 'RATE/BURST',
    },
  },
  async run(values, _positionals, io) {
    const config = loadConfig(
      {
        dataDir: stringOption(values['data-dir']),
        host: stringOption(values.host),
        sandboxDriver: stringOption(values.sandbox),
        rateLimit: stringOption(values['rate-limit']),
        auditStore: stringOption(values['audit-store']),
      },
      io.env,
    );
    const gateway = loadGatewayConfig({ port: integerOption('port', values.port, 0, 65535) }, io.env);
    const smtpPort =
      values['smtp-port'] === 'off' ? false : integerOption('smtp-port', values['smtp-port'], 0, 65535);
    const email = loadEmailConfig(config.dataDir, { smtpPort }, io.env);
    const log = {
      info: (line: string) => io.stderr(`${line}\n`),
      warn: (line: string) => io.stderr(`WARNING: ${line}\n`),
    };
    const model = createModelAdapter(resolveModelSettings(stringOption(values.model), io.env));
    const platform = await startPlatform({
      config,
      env: io.env,
      appRoot,
      model,
      clock: systemClock,
      gateway,
      email,
      log,
    });
    io.stdout(`listening on ${platform.url}\n`);
    const { smtp } = platform.email;
    if (smtp) io.stdout(`smtp listening on ${smtp.host}:${smtp.port}\n`);
    const example = (await platform.devToken('northwind', 'maria.chen')) ?? 'YOUR_TOKEN';
    for (const line of [
      `Supplier Agent Runtime is up: web chat at ${platform.url}/ (model ${model.id}${model.demo ? ', a demo model' : ''}).`,
      'Ask the agent over the API (a development token for northwind/maria.chen, valid one hour):',
      `  curl -s -X POST ${platform.url}/v1/sessions -H 'authorization: Bearer ${example}' -H 'content-type: application/json' -d '{"message":"What is the status of PO NWC-PO-11001?"}'`,
      ...(smtp
        ? [
            `E-mail the agent at ${email.address} through SMTP on ${smtp.host}:${smtp.port}; replies go to ${[email.outboxDir || [], email.relayUrl ? 'the SMTP relay' : []].flat().join(' and ')} (see "E-mail channel" in the README).`,
          ]
        : []),
      'More tokens: supplier-agent token --tenant T --user U. Stop with Ctrl-C (SIGINT) or SIGTERM.',
    ]) {
      io.stderr(`${line}\n`);
    }
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    io.stderr('shutting down: interrupting running turns\n');
    await platform.close('the platform is shutting down');
    return 0;
  },
};
