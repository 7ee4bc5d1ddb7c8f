import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboundEmail } from '../../src/email/email-types.ts';
import {
  createSenderAuthenticator,
  type SenderAuthenticator,
} from '../../src/email/sender-authentication.ts';
import {
  createDkimKey,
  type DkimKey,
  type SupplierMailDomains,
  supplierMailDomains,
} from './support/mail-domains.ts';

let domains: SupplierMailDomains;
let checker: SenderAuthenticator;
/** A domain without a DMARC record, whose key is published. */
let plain: DkimKey;

beforeAll(() => {
  domains = supplierMailDomains();
  plain = createDkimKey('plain-supplier.example');
  domains.dns.set('TXT', `${plain.selector}._domainkey.${plain.domain}`, [plain.record]);
  checker = createSenderAuthenticator({
    hostname: 'mx.test',
    resolver: domains.dns.resolver,
    trustedRelays: [],
  });
});

async function signed(mail: Mail.Options, key?: DkimKey, extraHeaders = ''): Promise<Buffer> {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...(key
      ? { dkim: { domainName: key.domain, keySelector: key.selector, privateKey: key.privateKey } }
      : {}),
  });
  const built = await transport.sendMail({ to: 'agent@mx.test', subject: 'Hi', text: 'Hello.', ...mail });
  return Buffer.concat([Buffer.from(extraHeaders), built.message as Buffer]);
}

const smtp = (raw: Buffer, mailFrom: string): InboundEmail => ({
  raw,
  channel: 'smtp',
  envelope: { mailFrom, rcptTo: ['agent@mx.test'], remoteAddress: '::ffff:127.0.0.1', helo: 'client.test' },
});

describe('sender authentication (offline DNS, fixture keys)', () => {
  it('passes an aligned DKIM signature under DMARC p=reject although SPF fails', async () => {
    const from = 'maria.chen@northwind-components.example';
    const verdict = await checker.verify(smtp(await signed({ from }, domains.northwind), from), from);
    expect(verdict).toMatchObject({
      passed: true,
      method: 'checked',
      spf: { result: 'fail', aligned: true },
      dmarc: { result: 'pass', policy: 'reject' },
    });
    expect(domains.dns.lookups).toContain('TXT mail._domainkey.northwind-components.example');
  });

  it("fails a valid signature of another domain (not aligned): the From is northwind's, the key bluepeak's", async () => {
    const from = 'maria.chen@northwind-components.example';
    const verdict = await checker.verify(smtp(await signed({ from }, domains.bluepeak), from), from);
    expect(verdict.passed).toBe(false);
    expect(verdict.dkim).toMatchObject([
      { result: 'pass', domain: 'bluepeak-office.example', aligned: false },
    ]);
    expect(verdict.dmarc?.result).toBe('fail');
  });

  it('without a DMARC record, an aligned DKIM pass is enough and an unsigned message is not', async () => {
    const from = 'sales@plain-supplier.example';
    const good = await checker.verify(smtp(await signed({ from }, plain), from), from);
    expect(good).toMatchObject({ passed: true, dmarc: { result: 'none' } });
    const unsigned = await checker.verify(smtp(await signed({ from }), from), from);
    expect(unsigned).toMatchObject({
      passed: false,
      reason: 'no aligned DKIM signature or SPF pass for the From domain',
    });
  });

  it('never passes a message with two From headers, even when one is signed', async () => {
    const from = 'maria.chen@northwind-components.example';
    const raw = await signed({ from }, domains.northwind, 'From: ceo@bluepeak-office.example\r\n');
    const verdict = await checker.verify(smtp(raw, from), from);
    expect(verdict.passed).toBe(false);
  });

  it('asks the sender to retry when DNS fails for now', async () => {
    const failing = createSenderAuthenticator({
      hostname: 'mx.test',
      resolver: async (name) => {
        throw Object.assign(new Error(`queryTxt ESERVFAIL ${name}`), { code: 'ESERVFAIL' });
      },
      trustedRelays: [],
    });
    const from = 'maria.chen@northwind-components.example';
    const verdict = await failing.verify(smtp(await signed({ from }, domains.northwind), from), from);
    expect(verdict).toMatchObject({ passed: false, temporary: true });
  });

  it("takes a trusted relay's first verdict for mail from its address only", async () => {
    const relayed = createSenderAuthenticator({
      hostname: 'mx.test',
      resolver: domains.dns.resolver,
      trustedRelays: [{ authservId: 'mx.relay.test', addresses: ['192.0.2.80'] }],
    });
    const from = 'maria.chen@northwind-components.example';
    const raw = await signed(
      { from },
      undefined,
      'Authentication-Results: mx.relay.test; dkim=pass header.d=northwind-components.example; dmarc=none\r\n' +
        'Authentication-Results: mx.relay.test; dmarc=fail header.from=northwind-components.example\r\n',
    );
    const fromRelay: InboundEmail = {
      ...smtp(raw, from),
      envelope: { ...smtp(raw, from).envelope, remoteAddress: '192.0.2.80' },
    };
    expect(await relayed.verify(fromRelay, from)).toMatchObject({
      passed: true,
      method: 'relay',
      relay: 'mx.relay.test',
      dkim: [{ result: 'pass', aligned: true }],
    });
    // The same bytes from anywhere else are checked here: unsigned, so they fail.
    expect(await relayed.verify(smtp(raw, from), from)).toMatchObject({ passed: false, method: 'checked' });
  });
});
