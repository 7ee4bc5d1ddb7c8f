import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { authenticate } from 'mailauth';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock/clock.ts';
import { createOutbound } from '../../src/email/outbound.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { createDkimKey, createDnsFixture } from './support/mail-domains.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local relay that keeps what it is handed, envelope and bytes. */
async function startRelay(refuse = false) {
  const received: Array<{ from: string; to: string[]; raw: Buffer }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        const from = session.envelope.mailFrom;
        received.push({
          from: from === false ? '' : from.address,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

const reply = {
  to: 'maria.chen@northwind-components.example',
  subject: 'Re: PO NWC-PO-11001',
  text: 'It is issued.',
  inReplyTo: '<q@northwind-components.example>',
  references: ['<p@northwind-components.example>', '<q@northwind-components.example>'],
  kind: 'reply' as const,
};

describe('outbound delivery', () => {
  it('keeps the message in the outbox and hands the same bytes to the relay, DKIM-signed for the agent domain', async () => {
    const dir = createTempDir('outbound-');
    cleanups.push(() => dir.remove());
    const relay = await startRelay();
    const key = createDkimKey('supplier-agent.localhost', 'agent');
    const outbound = createOutbound({
      from: { name: 'Supplier Agent', address: 'agent@supplier-agent.localhost' },
      outboxDir: `${dir.path}/outbox`,
      relayUrl: `smtp://user:secret@127.0.0.1:${relay.port}`,
      dkim: { selector: key.selector, privateKey: key.privateKey },
      clock: systemClock,
    });
    cleanups.push(() => outbound.close());
    const sent = await outbound.send(reply);
    expect(sent).toMatchObject({ delivered: true, transport: `outbox+smtp://127.0.0.1:${relay.port}` });
    expect(sent.transport).not.toContain('secret');
    expect(fs.readFileSync(sent.outboxFile ?? '')).toEqual(sent.raw);
    expect(relay.received).toHaveLength(1);
    expect(relay.received[0]?.from).toBe('agent@supplier-agent.localhost');
    expect(relay.received[0]?.to).toEqual([reply.to]);
    // The relay got exactly the recorded bytes (the DATA terminator aside).
    expect(relay.received[0]?.raw.toString().replace(/\r\n$/, '')).toBe(
      sent.raw.toString().replace(/\r\n$/, ''),
    );

    const mail = await simpleParser(sent.raw);
    expect(mail.messageId).toBe(sent.messageId);
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@supplier-agent\.localhost>$/);
    expect(mail.inReplyTo).toBe(reply.inReplyTo);
    expect(mail.references).toEqual(reply.references);
    const dns = createDnsFixture();
    dns.set('TXT', 'agent._domainkey.supplier-agent.localhost', [key.record]);
    const verdict = await authenticate(sent.raw, {
      ip: '192.0.2.1',
      sender: 'agent@supplier-agent.localhost',
      resolver: dns.resolver,
      disableBimi: true,
      disableArc: true,
    });
    expect(verdict.dkim.results[0]?.status.result).toBe('pass');
  });

  it('says when the relay refused, and the outbox copy stays', async () => {
    const dir = createTempDir('outbound-');
    cleanups.push(() => dir.remove());
    const relay = await startRelay(true);
    const outbound = createOutbound({
      from: { name: 'Supplier Agent', address: 'agent@supplier-agent.localhost' },
      outboxDir: dir.path,
      relayUrl: `smtp://127.0.0.1:${relay.port}`,
      clock: systemClock,
    });
    cleanups.push(() => outbound.close());
    const sent = await outbound.send(reply);
    expect(sent.delivered).toBe(false);
    expect(sent.error).toContain('mailbox unavailable');
    expect(fs.existsSync(sent.outboxFile ?? '')).toBe(true);
  });
});
