import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTexts } from '../../src/email/channel-texts.ts';
import { agentAddress, type EmailRig, onlyPayload, scripted, startEmailRig } from './support/email-rig.ts';

const secret = 'inbound-webhook-secret-for-tests';
let rig: EmailRig;

beforeAll(async () => {
  rig = await startEmailRig({
    env: {
      SUPPLIER_AGENT_EMAIL_WEBHOOK_SECRET: secret,
      SUPPLIER_AGENT_EMAIL_WEBHOOK_RELAY: 'amazonses.com',
      // The SMTP client of these tests connects from loopback: it plays the organisation's MX relay.
      SUPPLIER_AGENT_EMAIL_TRUSTED_RELAYS: 'mx.relay.test=127.0.0.1',
      SUPPLIER_AGENT_EMAIL_MAX_BYTES: String(64 * 1024),
    },
  });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

/** An unsigned message with `headers` on top, as a relay prepends its verdict. */
async function rawMessage(mail: Mail.Options, headers: string[]): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const built = await transport.sendMail({ to: agentAddress, ...mail });
  return Buffer.concat([
    Buffer.from(headers.map((header) => `${header}\r\n`).join('')),
    built.message as Buffer,
  ]);
}

const sesVerdict = (results: string) => `Authentication-Results: amazonses.com;\r\n ${results}`;
const sesPass = sesVerdict(
  'spf=pass (spfCheck: domain of northwind-components.example designates 192.0.2.25 as permitted sender) client-ip=192.0.2.25; envelope-from=maria.chen@northwind-components.example; helo=mail.northwind-components.example;\r\n dkim=pass header.i=@northwind-components.example;\r\n dmarc=pass header.from=northwind-components.example;',
);

function post(body: Buffer | string, options: { token?: string; type?: string } = {}) {
  return fetch(`${rig.url}/inbound/email`, {
    method: 'POST',
    headers: {
      'content-type': options.type ?? 'message/rfc822',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body,
  });
}

async function waitForOutboxMessage(
  match: (message: Awaited<ReturnType<EmailRig['outbox']>>[number]) => boolean,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await rig.outbox()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such message in the outbox');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the inbound webhook (raw MIME posted by a provider such as Amazon SES)', () => {
  it('takes a message with the provider verdict and the secret, and answers by mail in the thread', async () => {
    rig.useModel(scripted([{ skill: 'none', text: 'Small talk.' }]));
    const messageId = '<ses-1@northwind-components.example>';
    const raw = await rawMessage(
      {
        from: 'Maria Chen <maria.chen@northwind-components.example>',
        subject: 'Hello',
        text: 'Hello agent.',
        messageId,
      },
      ['Return-Path: <maria.chen@northwind-components.example>', sesPass],
    );
    // Refused without the secret or with another one (positive control below).
    expect((await post(raw)).status).toBe(401);
    expect((await post(raw, { token: 'not-the-secret-at-all' })).status).toBe(401);
    expect(rig.sessionOf(messageId)).toBeUndefined();

    const answer = await post(raw, { token: secret });
    expect(answer.status).toBe(202);
    const body = (await answer.json()) as { outcome: string; sessionId: string };
    expect(body).toEqual({ outcome: 'accepted', sessionId: expect.any(String) });
    const reply = await waitForOutboxMessage((message) => message.mail.inReplyTo === messageId);
    expect(reply.mail.to).toMatchObject({ value: [{ address: 'maria.chen@northwind-components.example' }] });
    await rig.platform.email.channel.idle();
    const events = await rig.events(body.sessionId);
    expect(onlyPayload(events, 'email-received')).toMatchObject({
      channel: 'webhook',
      authentication: {
        passed: true,
        method: 'relay',
        relay: 'amazonses.com',
        dmarc: { result: 'pass', domain: 'northwind-components.example' },
        dkim: [{ result: 'pass', domain: 'northwind-components.example', aligned: true }],
        spf: { result: 'pass', domain: 'northwind-components.example', aligned: true },
      },
    });
    expect(onlyPayload(events, 'email-sent')).toMatchObject({ kind: 'reply', inReplyTo: messageId });
  }, 60_000);

  it('refuses a message the provider failed even when it carries a forged pass lower down; bounces only to an SPF-verified return path', async () => {
    const forged = await rawMessage(
      {
        from: 'Maria Chen <maria.chen@northwind-components.example>',
        subject: 'Pay',
        text: 'New bank.',
        messageId: '<forged-1@x.example>',
      },
      [
        'Return-Path: <billing@attacker.example>',
        sesVerdict(
          'spf=pass client-ip=198.51.100.9; envelope-from=billing@attacker.example; dkim=none; dmarc=fail header.from=northwind-components.example;',
        ),
        sesVerdict('dmarc=pass header.from=northwind-components.example;'),
      ],
    );
    const answer = await post(forged, { token: secret });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ outcome: 'refused', message: channelTexts.bounce });
    expect(rig.sessionOf('<forged-1@x.example>')).toBeUndefined();
    // The return path passed SPF: it gets the bounce (and nothing says whether the From is a user).
    const bounce = await waitForOutboxMessage((message) => message.mail.inReplyTo === '<forged-1@x.example>');
    expect(bounce.file).toMatch(/-bounce-/);
    expect(bounce.mail.to).toMatchObject({ value: [{ address: 'billing@attacker.example' }] });
    expect(bounce.mail.text).toContain(channelTexts.bounce);

    // A forged return path (SPF failed) gets nothing: no backscatter.
    const spoofed = await rawMessage(
      {
        from: 'Maria Chen <maria.chen@northwind-components.example>',
        subject: 'Pay',
        text: 'New bank.',
        messageId: '<forged-2@x.example>',
      },
      [
        'Return-Path: <victim@innocent.example>',
        sesVerdict(
          'spf=fail envelope-from=victim@innocent.example; dkim=none; dmarc=fail header.from=northwind-components.example;',
        ),
      ],
    );
    expect(await (await post(spoofed, { token: secret })).json()).toEqual({
      outcome: 'refused',
      message: channelTexts.bounce,
    });
    await rig.platform.email.channel.idle();
    expect((await rig.outbox()).some((message) => message.mail.inReplyTo === '<forged-2@x.example>')).toBe(
      false,
    );
    expect(
      rig.platform.email.threads.refusals(2).map((refusal) => [refusal.channel, refusal.reason]),
    ).toEqual([
      ['webhook', 'authentication-failed'],
      ['webhook', 'authentication-failed'],
    ]);
  }, 60_000);

  it('answers 413 over the size limit and 415 for anything but raw MIME', async () => {
    const big = await rawMessage(
      { from: 'maria.chen@northwind-components.example', subject: 'Big', text: 'x'.repeat(70 * 1024) },
      [sesPass],
    );
    expect((await post(big, { token: secret })).status).toBe(413);
    expect((await post('{"raw":"..."}', { token: secret, type: 'application/json' })).status).toBe(415);
  }, 30_000);
});

describe('a trusted relay in front of the SMTP listener', () => {
  const sendRaw = async (raw: Buffer) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: rig.smtpPort,
      ignoreTLS: true,
      name: 'mx.relay.test',
    });
    try {
      return await transport.sendMail({
        envelope: { from: 'maria.chen@northwind-components.example', to: [agentAddress] },
        raw,
      });
    } finally {
      transport.close();
    }
  };

  it("takes the relay's own verdict from its address, and nobody else's", async () => {
    rig.useModel(scripted([{ skill: 'none', text: 'Small talk.' }]));
    const mail = (id: string) => ({
      from: 'Maria Chen <maria.chen@northwind-components.example>',
      subject: 'Via the relay',
      text: 'Hello.',
      messageId: `<${id}@northwind-components.example>`,
    });
    // Another server's verdict proves nothing: refused.
    const other = await rawMessage(mail('relay-2'), [
      'Authentication-Results: mx.other.example; dmarc=pass header.from=northwind-components.example',
    ]);
    const refused = await sendRaw(other).then(
      () => undefined,
      (error: { responseCode?: number }) => error,
    );
    expect(refused?.responseCode).toBe(550);
    expect(rig.sessionOf('<relay-2@northwind-components.example>')).toBeUndefined();
    // Positive control: the relay's own verdict, unsigned message.
    const trusted = await rawMessage(mail('relay-1'), [
      'Authentication-Results: mx.relay.test; spf=pass smtp.mailfrom=maria.chen@northwind-components.example; dmarc=pass header.from=northwind-components.example',
    ]);
    expect((await sendRaw(trusted)).response).toMatch(/^250 /);
    await rig.platform.email.channel.idle();
    const sessionId = rig.sessionOf('<relay-1@northwind-components.example>');
    expect(sessionId).toBeDefined();
    expect(onlyPayload(await rig.events(sessionId ?? ''), 'email-received').authentication).toMatchObject({
      passed: true,
      method: 'relay',
      relay: 'mx.relay.test',
    });
  }, 60_000);
});
