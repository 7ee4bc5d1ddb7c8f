import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelTexts } from '../../src/email/channel-texts.ts';
import { stopReason } from '../../src/email/mail-turns.ts';
import {
  agentAddress,
  type EmailRig,
  onlyPayload,
  scripted,
  startEmailRig,
  typesOf,
} from './support/email-rig.ts';

let rig: EmailRig;

beforeAll(async () => {
  // A turn still running after 300 ms gets its acknowledgement.
  rig = await startEmailRig({
    env: { SUPPLIER_AGENT_EMAIL_ACK_SECONDS: '0.3', SUPPLIER_AGENT_EMAIL_CSV_MAX_BYTES: '4096' },
  });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const li = 'Li Wong <li.wong@northwind-components.example>';
const itemsCsv =
  'supplier-part-num,name,lead-time\nNWC-BRG-6204,Deep groove ball bearing 6204-2RS,14\nNWC-BRG-6205,Deep groove ball bearing 6205-2RS,14\n';

async function waitFor<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const outboxReplyTo = (messageId: string, kind: string) =>
  waitFor(
    async () =>
      (await rig.outbox()).find(
        (message) => message.mail.inReplyTo === messageId && message.file.includes(`-${kind}-`),
      ),
    `a ${kind} to ${messageId}`,
  );

describe('catalog CSV attachments and STOP', () => {
  it('feeds an attached CSV to catalog enrichment, acknowledges the long turn, and STOP in the thread interrupts it', async () => {
    rig.useModel(
      scripted([
        {
          text: 'Finding the draft catalog.',
          toolCalls: [{ name: 'catalogs_list', input: { status: 'draft' } }],
        },
        // Enrichment that would take a minute.
        { text: 'Enriching the items.', delayMs: 60_000 },
      ]),
    );
    const request = '<catalog-1@northwind-components.example>';
    const started = Date.now();
    await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Lead times for the draft catalog',
        text: 'Please set these lead times in our draft catalog.',
        messageId: request,
        attachments: [{ filename: 'items.csv', content: itemsCsv, contentType: 'text/csv' }],
      },
      rig.domains.northwind,
    );
    const acknowledgement = await outboxReplyTo(request, 'acknowledgement');
    expect(acknowledgement.mail.text).toContain(
      channelTexts.acknowledgement('Lead times for the draft catalog'),
    );
    expect(acknowledgement.mail.subject).toBe('Re: Lead times for the draft catalog');
    const sessionId = rig.sessionOf(request) ?? '';
    expect(rig.sessionOf(acknowledgement.mail.messageId ?? '')).toBe(sessionId);

    // The skill was forced by the attachment and the model got the file's rows.
    const early = await rig.events(sessionId);
    expect(onlyPayload(early, 'skill-selected')).toMatchObject({ skill: 'catalog-enrichment', by: 'caller' });
    const message = String(onlyPayload(early, 'user-message').text);
    expect(message).toContain('Please set these lead times in our draft catalog.');
    expect(message).toContain(
      'Attached CSV file "items.csv" (3 lines):\n```csv\nsupplier-part-num,name,lead-time\n',
    );
    expect(message).toContain('NWC-BRG-6205,Deep groove ball bearing 6205-2RS,14');
    expect(onlyPayload(early, 'email-received').attachments).toEqual([
      expect.objectContaining({ filename: 'items.csv', contentType: 'text/csv', use: 'csv' }),
    ]);
    await waitFor(
      async () =>
        (await rig.events(sessionId)).some((event) => event.type === 'tool-result') ? true : undefined,
      'the first tool result',
    );

    // STOP, replying to the acknowledgement from a phone, quoting it.
    const stop = '<catalog-stop@northwind-components.example>';
    const accepted = await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Re: Lead times for the draft catalog',
        text: `STOP\n\nSent from my iPhone\n\nOn Mon, 7 Dec 2026, Supplier Agent <${agentAddress}> wrote:\n> I am working on your request.\n`,
        messageId: stop,
        inReplyTo: acknowledgement.mail.messageId ?? '',
        references: [request, acknowledgement.mail.messageId ?? ''],
      },
      rig.domains.northwind,
    );
    expect(accepted.response).toMatch(/^250 /);
    const reply = await outboxReplyTo(request, 'reply');
    expect(reply.mail.text).toContain(channelTexts.stopped);
    expect(Date.now() - started).toBeLessThan(30_000);
    await rig.platform.email.channel.idle();

    const events = await rig.events(sessionId);
    const types = typesOf(events);
    expect(onlyPayload(events, 'session-interrupted').reason).toBe(stopReason);
    expect(onlyPayload(events, 'turn-end')).toMatchObject({ status: 'interrupted', reason: stopReason });
    const received = events.filter((event) => event.type === 'email-received').map((event) => event.payload);
    expect(received.map((payload) => [payload.action, payload.messageId])).toEqual([
      ['turn', request],
      ['stop', stop],
    ]);
    // One acknowledgement, then the answer; both recorded.
    const sent = events.filter((event) => event.type === 'email-sent').map((event) => event.payload.kind);
    expect(sent).toEqual(['acknowledgement', 'reply']);
    expect(types.at(-1)).toBe('email-sent');

    // STOP again: nothing runs any more, and the sender is told so.
    const again = '<catalog-stop-2@northwind-components.example>';
    await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Re: Lead times for the draft catalog',
        text: 'stop',
        messageId: again,
        inReplyTo: reply.mail.messageId ?? '',
        references: [request, reply.mail.messageId ?? ''],
      },
      rig.domains.northwind,
    );
    const notice = await outboxReplyTo(again, 'notice');
    expect(notice.mail.text).toContain(channelTexts.nothingToStop);
  }, 60_000);

  it('refuses other attachments and oversized CSVs with a clear reply and runs nothing; a CSV within the limit runs', async () => {
    rig.useModel(scripted([{ text: 'Done with the catalog.' }]));
    const turns = () =>
      Object.values(rig.platform.sessions.stats().turns).reduce((sum, count) => sum + count, 0);
    const before = turns();
    const pdf = '<attach-pdf@northwind-components.example>';
    await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Catalog update',
        text: 'Here is our price list.',
        messageId: pdf,
        attachments: [
          { filename: 'prices.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' },
        ],
      },
      rig.domains.northwind,
    );
    const pdfNotice = await outboxReplyTo(pdf, 'notice');
    expect(pdfNotice.mail.text).toContain(
      '- prices.pdf: it is application/pdf; only CSV files (for catalog requests) are read.',
    );
    const big = '<attach-big@northwind-components.example>';
    await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Catalog update',
        text: 'All our items.',
        messageId: big,
        attachments: [
          {
            filename: 'all-items.csv',
            content: `part,name\n${'NWC-X,item\n'.repeat(500)}`,
            contentType: 'text/csv',
          },
        ],
      },
      rig.domains.northwind,
    );
    const bigNotice = await outboxReplyTo(big, 'notice');
    expect(bigNotice.mail.text).toContain('- all-items.csv: CSV attachments may have 4 KiB in all');
    expect(turns()).toBe(before);
    expect(rig.sessionOf(pdf)).toBeUndefined();
    expect(rig.platform.email.threads.refusals(2).map((refusal) => refusal.reason)).toEqual([
      'attachment-refused',
      'attachment-refused',
    ]);

    // Positive control: a small CSV with an inline signature logo (ignored) runs the skill.
    const small = '<attach-small@northwind-components.example>';
    await rig.send(
      {
        from: li,
        to: agentAddress,
        subject: 'Catalog update',
        html: '<p>Two items.</p><img src="cid:logo@northwind">',
        messageId: small,
        attachments: [
          { filename: 'two.csv', content: 'part,name\nNWC-A,one\nNWC-B,two\n', contentType: 'text/csv' },
          {
            filename: 'logo.png',
            content: Buffer.from('89504e47', 'hex'),
            contentType: 'image/png',
            cid: 'logo@northwind',
          },
        ],
      },
      rig.domains.northwind,
    );
    const reply = await outboxReplyTo(small, 'reply');
    expect(reply.mail.text).toContain('Done with the catalog.');
    await rig.platform.email.channel.idle();
    expect(turns()).toBe(before + 1);
    const events = await rig.events(rig.sessionOf(small) ?? '');
    const attachments = onlyPayload(events, 'email-received').attachments as unknown[];
    expect(attachments).toHaveLength(2);
    expect(attachments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ filename: 'two.csv', use: 'csv' }),
        expect.objectContaining({ filename: 'logo.png', use: 'ignored' }),
      ]),
    );
    expect(String(onlyPayload(events, 'user-message').text)).toMatch(
      /^Subject: Catalog update\n\nTwo items\.\n\nAttached CSV file "two\.csv"/,
    );
  }, 60_000);
  it('queues a follow-up that arrives while the conversation is busy, then runs it in the same session', async () => {
    rig.useModel(
      scripted([
        { skill: 'order-status', text: 'An order.' },
        { text: 'PO NWC-PO-11003 is issued.', delayMs: 1_500 },
        { skill: 'order-status', text: 'The same order.' },
        { text: 'It was created in May.' },
      ]),
    );
    const maria = 'Maria Chen <maria.chen@northwind-components.example>';
    const first = '<busy-1@northwind-components.example>';
    await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'PO NWC-PO-11003',
        text: 'Status of PO NWC-PO-11003?',
        messageId: first,
      },
      rig.domains.northwind,
    );
    const acknowledgement = await outboxReplyTo(first, 'acknowledgement');
    const followUp = '<busy-2@northwind-components.example>';
    const queued = await rig.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'Re: PO NWC-PO-11003',
        text: 'And when was it created?',
        messageId: followUp,
        inReplyTo: acknowledgement.mail.messageId ?? '',
        references: [first, acknowledgement.mail.messageId ?? ''],
      },
      rig.domains.northwind,
    );
    expect(queued.response).toMatch(/^250 /);
    expect((await outboxReplyTo(first, 'reply')).mail.text).toContain('PO NWC-PO-11003 is issued.');
    expect((await outboxReplyTo(followUp, 'reply')).mail.text).toContain('It was created in May.');
    await rig.platform.email.channel.idle();
    const sessionId = rig.sessionOf(first) ?? '';
    expect(rig.sessionOf(followUp)).toBe(sessionId);
    const events = await rig.events(sessionId);
    const received = events.filter((event) => event.type === 'email-received');
    expect(received.map((event) => event.payload.action)).toEqual(['turn', 'queued']);
    // The follow-up was recorded when it arrived, during the first turn; its turn ran after.
    const firstEnd = events.findIndex((event) => event.type === 'turn-end');
    expect(events.indexOf(received[1] as (typeof events)[number])).toBeLessThan(firstEnd);
    expect(
      events.filter((event) => event.type === 'user-message').map((event) => event.payload.text),
    ).toEqual(['Status of PO NWC-PO-11003?', 'And when was it created?']);
  }, 60_000);
});
