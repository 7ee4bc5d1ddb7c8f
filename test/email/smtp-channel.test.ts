import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTexts } from '../../src/email/channel-texts.ts';
import {
  agentAddress,
  type EmailRig,
  onlyPayload,
  scripted,
  startEmailRig,
  typesOf,
} from './support/email-rig.ts';

const maxMessageBytes = 64 * 1024;
let rig: EmailRig;

beforeAll(async () => {
  rig = await startEmailRig({ env: { SUPPLIER_AGENT_EMAIL_MAX_BYTES: String(maxMessageBytes) } });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const maria = 'Maria Chen <maria.chen@northwind-components.example>';

/** The SMTP error a refused send rejects with. */
async function refusal(sending: Promise<unknown>): Promise<{ responseCode: number; response: string }> {
  const error = (await sending.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as { responseCode?: number; response?: string } | undefined;
  if (!error) throw new Error('the message was accepted');
  return { responseCode: error.responseCode ?? 0, response: error.response ?? '' };
}

const turnsSoFar = () =>
  Object.values(rig.platform.sessions.stats().turns).reduce((sum, count) => sum + count, 0);

describe('the e-mail channel over SMTP', () => {
  it('accepts a DKIM-signed message from a supplier user and answers it in the same thread, all on the record', async () => {
    rig.useModel(
      scripted([
        { skill: 'order-status', text: 'An order question.' },
        { text: 'PO NWC-PO-11001 is issued; 40 units are due on 15 January.' },
      ]),
    );
    const messageId = '<status-1@northwind-components.example>';
    const sent = await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'Status of PO NWC-PO-11001',
        text: 'Where is PO NWC-PO-11001?\n\n-- \nMaria Chen\nNorthwind Components',
        messageId,
      },
      rig.domains.northwind,
    );
    expect(sent.response).toMatch(/^250 /);

    const [reply] = await rig.waitForOutbox(1);
    expect(reply?.mail.subject).toBe('Re: Status of PO NWC-PO-11001');
    expect(reply?.mail.inReplyTo).toBe(messageId);
    expect(reply?.mail.references).toBe(messageId);
    expect(reply?.mail.to).toMatchObject({ value: [{ address: 'maria.chen@northwind-components.example' }] });
    expect(reply?.mail.from).toMatchObject({ value: [{ address: agentAddress }] });
    expect(reply?.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(reply?.mail.text).toContain('PO NWC-PO-11001 is issued; 40 units are due on 15 January.');

    const sessionId = rig.sessionOf(messageId);
    expect(sessionId).toBeDefined();
    expect(rig.sessionOf(reply?.mail.messageId ?? '')).toBe(sessionId);
    await rig.platform.email.channel.idle();
    const events = await rig.events(sessionId ?? '');
    const types = typesOf(events);
    // The same turn path as the web: the channel's event right before the user message.
    expect(types.slice(0, 3)).toEqual(['session-start', 'email-received', 'user-message']);
    expect(types.slice(-2)).toEqual(['turn-end', 'email-sent']);
    const received = onlyPayload(events, 'email-received');
    expect(received).toMatchObject({
      channel: 'smtp',
      action: 'turn',
      messageId,
      from: 'maria.chen@northwind-components.example',
      subject: 'Status of PO NWC-PO-11001',
      rawEncoding: 'utf8',
      envelope: { mailFrom: 'maria.chen@northwind-components.example', rcptTo: [agentAddress] },
      authentication: {
        passed: true,
        method: 'checked',
        dkim: [{ result: 'pass', domain: 'northwind-components.example', selector: 'mail', aligned: true }],
        spf: { result: 'fail', domain: 'northwind-components.example' },
        dmarc: { result: 'pass', domain: 'northwind-components.example', policy: 'reject' },
      },
    });
    expect(String(received.raw)).toContain('DKIM-Signature: v=1;');
    expect(String((received.authentication as { header: string }).header)).toMatch(
      /^Authentication-Results: supplier-agent\.localhost;/,
    );
    // The model read the request without the signature.
    expect(onlyPayload(events, 'user-message').text).toBe(
      'Subject: Status of PO NWC-PO-11001\n\nWhere is PO NWC-PO-11001?',
    );
    const sentEvent = onlyPayload(events, 'email-sent');
    expect(sentEvent).toMatchObject({
      kind: 'reply',
      messageId: reply?.mail.messageId,
      inReplyTo: messageId,
      to: 'maria.chen@northwind-components.example',
      transport: 'outbox',
      delivered: true,
      rawEncoding: 'utf8',
    });
    // The record holds the exact bytes that left.
    expect(sentEvent.raw).toBe(reply?.raw.toString('utf8'));
    expect(fs.statSync(reply?.file ?? '').mode & 0o777).toBe(0o600);
  }, 60_000);

  it('continues the session when the supplier replies in the thread, without the quoted history', async () => {
    rig.useModel(
      scripted([
        { skill: 'order-status', text: 'An order question.' },
        { text: 'PO NWC-PO-11002 is issued.' },
        { skill: 'order-status', text: 'The same order.' },
        { text: 'It ships from Cleveland.' },
      ]),
    );
    const first = '<thread-1@northwind-components.example>';
    await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'PO NWC-PO-11002',
        text: 'Status of PO NWC-PO-11002?',
        messageId: first,
      },
      rig.domains.northwind,
    );
    const answered = await waitForReplyTo(first);
    const sessionId = rig.sessionOf(first);

    const followUp = '<thread-2@northwind-components.example>';
    await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'Re: PO NWC-PO-11002',
        text: `Where does it ship from?\n\nOn Mon, 7 Dec 2026 at 10:02, Supplier Agent <${agentAddress}> wrote:\n> PO NWC-PO-11002 is issued.\n`,
        messageId: followUp,
        inReplyTo: answered.mail.messageId ?? '',
        references: [first, answered.mail.messageId ?? ''],
      },
      rig.domains.northwind,
    );
    const second = await waitForReplyTo(followUp);
    expect(second.mail.text).toContain('It ships from Cleveland.');
    expect(second.mail.subject).toBe('Re: PO NWC-PO-11002');
    expect(second.mail.references).toEqual([first, answered.mail.messageId, followUp]);
    expect(rig.sessionOf(followUp)).toBe(sessionId);
    await rig.platform.email.channel.idle();
    const view = await rig.platform.sessions.describe(
      { tenantId: 'northwind', userId: 'maria.chen', scopes: [], customers: [], operator: false },
      sessionId ?? '',
    );
    // The subject adds nothing the body does not say, so the model reads the body only.
    expect(view.turns.map((turn) => turn.message)).toEqual([
      'Status of PO NWC-PO-11002?',
      'Where does it ship from?',
    ]);
    expect(
      typesOf(await rig.events(sessionId ?? '')).filter((type) => type === 'email-received'),
    ).toHaveLength(2);
  }, 60_000);

  it('refuses a spoofed sender and an unknown sender with the same bounce, and starts no session; the genuine sender gets through', async () => {
    rig.useModel(scripted([{ skill: 'none', text: 'Small talk.' }]));
    const turns = turnsSoFar();
    const message = (id: string, from = maria) => ({
      from,
      to: agentAddress,
      subject: 'Please pay invoice',
      text: 'Change our bank account.',
      messageId: `<${id}@northwind-components.example>`,
    });
    // Signed, but with a key the domain never published: DKIM fails, DMARC fails.
    const spoofed = await refusal(rig.send(message('spoof-1'), rig.domains.attacker));
    // Not signed at all and from a server SPF does not allow.
    const unsigned = await refusal(rig.send(message('spoof-2')));
    // Authenticated (the domain's own key) but nobody's address.
    const unknown = await refusal(
      rig.send(message('unknown-1', 'Nobody <nobody@northwind-components.example>'), rig.domains.northwind),
    );
    for (const refused of [spoofed, unsigned, unknown]) {
      expect(refused.responseCode).toBe(550);
      expect(refused.response).toBe(`550 5.7.1 ${channelTexts.bounce}`);
    }
    expect(turnsSoFar()).toBe(turns);
    for (const id of ['spoof-1', 'spoof-2', 'unknown-1'])
      expect(rig.sessionOf(`<${id}@northwind-components.example>`)).toBeUndefined();
    // Operators see why.
    const reasons = rig.platform.email.threads
      .refusals(3)
      .map((refused) => [refused.messageId, refused.reason, refused.headerFrom]);
    expect(reasons).toEqual([
      ['<unknown-1@northwind-components.example>', 'unknown-sender', 'nobody@northwind-components.example'],
      [
        '<spoof-2@northwind-components.example>',
        'authentication-failed',
        'maria.chen@northwind-components.example',
      ],
      [
        '<spoof-1@northwind-components.example>',
        'authentication-failed',
        'maria.chen@northwind-components.example',
      ],
    ]);

    // Positive control: the same message signed with the domain's key is taken.
    const accepted = await rig.send(message('genuine-1'), rig.domains.northwind);
    expect(accepted.response).toMatch(/^250 /);
    await rig.platform.email.channel.idle();
    expect(rig.sessionOf('<genuine-1@northwind-components.example>')).toBeDefined();
    expect(turnsSoFar()).toBe(turns + 1);
  }, 60_000);

  it('does not let another user or another tenant continue a session by replying in its thread', async () => {
    rig.useModel(
      scripted([
        { skill: 'none', text: 'Greeting.' },
        { skill: 'none', text: 'Greeting.' },
        { skill: 'none', text: 'Greeting.' },
      ]),
    );
    const original = '<owner-1@northwind-components.example>';
    await rig.send(
      { from: maria, to: agentAddress, subject: 'Hello', text: 'Hello there.', messageId: original },
      rig.domains.northwind,
    );
    await rig.platform.email.channel.idle();
    const sessionId = rig.sessionOf(original);
    const colleague = '<colleague-1@northwind-components.example>';
    await rig.send(
      {
        from: 'Tom Baker <tom.baker@northwind-components.example>',
        to: agentAddress,
        subject: 'Re: Hello',
        text: 'Me too.',
        messageId: colleague,
        inReplyTo: original,
        references: [original],
      },
      rig.domains.northwind,
    );
    const outsider = '<outsider-1@bluepeak-office.example>';
    await rig.send(
      {
        from: 'Sam Rivera <sam.rivera@bluepeak-office.example>',
        to: agentAddress,
        subject: 'Re: Hello',
        text: 'And me.',
        messageId: outsider,
        inReplyTo: original,
        references: [original],
      },
      rig.domains.bluepeak,
    );
    await rig.platform.email.channel.idle();
    const others = [rig.sessionOf(colleague), rig.sessionOf(outsider)];
    for (const other of others) {
      expect(other).toBeDefined();
      expect(other).not.toBe(sessionId);
    }
    expect((await rig.events(others[1] ?? ''))[0]?.payload).toMatchObject({
      tenantId: 'bluepeak',
      userId: 'sam.rivera',
    });
    // The owner's session has only its own turn.
    expect(typesOf(await rig.events(sessionId ?? '')).filter((type) => type === 'user-message')).toHaveLength(
      1,
    );
  }, 60_000);

  it('enforces the size limit in the protocol: SIZE is advertised, a larger MAIL FROM and a larger DATA are refused', async () => {
    const conversation = await smtpConversation(rig.smtpPort, [
      'EHLO client.test',
      `MAIL FROM:<maria.chen@northwind-components.example> SIZE=${maxMessageBytes + 1}`,
      `MAIL FROM:<maria.chen@northwind-components.example> SIZE=${maxMessageBytes}`,
      'QUIT',
    ]);
    expect(conversation[1]).toMatch(new RegExp(`^250[- ]SIZE ${maxMessageBytes}\\r$`, 'm'));
    expect(conversation[2]).toMatch(/^552 /);
    expect(conversation[3]).toMatch(/^250 /);

    rig.useModel(scripted([{ skill: 'none', text: 'Small talk.' }]));
    const turns = turnsSoFar();
    const big = await refusal(
      rig.send(
        {
          from: maria,
          to: agentAddress,
          subject: 'Big',
          text: 'x'.repeat(maxMessageBytes + 1024),
          messageId: '<big-1@northwind-components.example>',
        },
        rig.domains.northwind,
      ),
    );
    expect(big.responseCode).toBe(552);
    expect(turnsSoFar()).toBe(turns);
    // Positive control: just under the limit is taken.
    const fits = await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'Fits',
        text: 'y'.repeat(maxMessageBytes - 4096),
        messageId: '<fits-1@northwind-components.example>',
      },
      rig.domains.northwind,
    );
    expect(fits.response).toMatch(/^250 /);
    await rig.platform.email.channel.idle();
    expect(turnsSoFar()).toBe(turns + 1);
  }, 60_000);

  it('is no relay: mail for any other recipient is refused at RCPT TO', async () => {
    const conversation = await smtpConversation(rig.smtpPort, [
      'EHLO client.test',
      'MAIL FROM:<maria.chen@northwind-components.example>',
      'RCPT TO:<someone@elsewhere.example>',
      `RCPT TO:<${agentAddress}>`,
      'QUIT',
    ]);
    expect(conversation[3]).toMatch(/^550 5\.1\.1 /);
    expect(conversation[4]).toMatch(/^250 /);
  }, 30_000);
});

async function waitForReplyTo(messageId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await rig.outbox()).find(
      (message) => message.mail.inReplyTo === messageId && /-reply-/.test(message.file),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no reply to ${messageId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A raw SMTP conversation: the greeting, then the server's full answer to each command. */
function smtpConversation(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const answers: string[] = [];
    let buffer = '';
    let next = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // An answer ends with a line whose code is followed by a space.
      while (/^\d{3} .*\r\n/m.test(buffer)) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        const lineEnd = buffer.indexOf('\r\n', end) + 2;
        answers.push(buffer.slice(0, lineEnd));
        buffer = buffer.slice(lineEnd);
        const command = commands[next++];
        if (command === undefined) {
          socket.end();
          resolve(answers);
          return;
        }
        socket.write(`${command}\r\n`);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answers));
  });
}
