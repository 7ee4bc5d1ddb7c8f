import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmailConfig, parseTrustedRelays } from './email-config.ts';

describe('loadEmailConfig', () => {
  it('defaults: port 2525, the outbox in the data dir, 10 MiB, 30 s acknowledgement, no webhook', () => {
    const config = loadEmailConfig('/srv/data', {}, {});
    expect(config).toEqual({
      address: 'agent@supplier-agent.localhost',
      displayName: 'Supplier Agent',
      hostname: 'supplier-agent.localhost',
      smtpPort: 2525,
      maxMessageBytes: 10 * 1024 * 1024,
      csvMaxBytes: 64 * 1024,
      ackDelaySeconds: 30,
      trustedRelays: [],
      webhook: {},
      outboxDir: path.join('/srv/data', 'outbox'),
    });
  });

  it('reads every setting from the environment; the command line wins for the port', () => {
    const config = loadEmailConfig(
      '/srv/data',
      { smtpPort: 0 },
      {
        SUPPLIER_AGENT_EMAIL_ADDRESS: 'agent@mail.northwind.example',
        SUPPLIER_AGENT_SMTP_PORT: '25',
        SUPPLIER_AGENT_EMAIL_ACK_SECONDS: '0.5',
        SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS:
          'mx1.example.net=192.0.2.10, 192.0.2.11; amazonses.com=198.51.100.7',
        SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET: 'a-secret-of-enough-length',
        SUPPLIER_AGENT_EMAIL_WEBHOOK_RELAY: 'amazonses.com',
        SUPPLIER_AGENT_EMAIL_OUTBOX: 'off',
        SUPPLIER_AGENT_EMAIL_RELAY_URL: 'smtps://user:pass@smtp.example.net:465',
      },
    );
    expect(config).toMatchObject({
      address: 'agent@mail.northwind.example',
      hostname: 'mail.northwind.example',
      smtpPort: 0,
      ackDelaySeconds: 0.5,
      trustedRelays: [
        { authservId: 'mx1.example.net', addresses: ['192.0.2.10', '192.0.2.11'] },
        { authservId: 'amazonses.com', addresses: ['198.51.100.7'] },
      ],
      webhook: { secret: 'a-secret-of-enough-length', relay: 'amazonses.com' },
      outboxDir: false,
      relayUrl: 'smtps://user:pass@smtp.example.net:465',
    });
    expect(loadEmailConfig('/srv/data', {}, { SUPPLIER_AGENT_SMTP_PORT: 'off' }).smtpPort).toBe(false);
  });

  it('names the variable of a bad value', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ SUPPLIER_AGENT_SMTP_PORT: '70000' }, /SUPPLIER_AGENT_SMTP_PORT/],
      [{ SUPPLIER_AGENT_EMAIL_ADDRESS: 'not-an-address' }, /SUPPLIER_AGENT_EMAIL_ADDRESS/],
      [{ SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET: 'short' }, /SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET/],
      [{ SUPPLIER_AGENT_EMAIL_RELAY_URL: 'http://relay.example' }, /SUPPLIER_AGENT_EMAIL_RELAY_URL/],
      [{ SUPPLIER_AGENT_EMAIL_OUTBOX: 'off' }, /SUPPLIER_AGENT_EMAIL_OUTBOX.*RELAY_URL/],
      [{ SUPPLIER_AGENT_EMAIL_ACK_SECONDS: 'soon' }, /SUPPLIER_AGENT_EMAIL_ACK_SECONDS/],
      [{ SUPPLIER_AGENT_EMAIL_DKIM_SELECTOR: 'mail' }, /SUPPLIER_AGENT_EMAIL_DKIM_SELECTOR/],
      [{ SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS: 'mx.example.net' }, /SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS/],
    ];
    for (const [env, message] of bad) expect(() => loadEmailConfig('/srv/data', {}, env)).toThrow(message);
  });
});

describe('parseTrustedRelays', () => {
  it('reads nothing from an empty value', () => {
    expect(parseTrustedRelays('')).toEqual([]);
    expect(parseTrustedRelays(' ; ')).toEqual([]);
  });
});
