import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse-email.ts';

const message = (headers: string[], body = 'Hello.') =>
  Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`);

describe('parseEmail', () => {
  it('reads the thread ids nearest first, the one From address and the return path', async () => {
    const parsed = await parseEmail(
      message([
        'Return-Path: <Bounces@Example.com>',
        'From: Maria Chen <Maria.Chen@Northwind-Components.example>',
        'To: agent@example.com',
        'Subject: Re: PO',
        'Message-ID: <c@example.com>',
        'In-Reply-To: <b@agent.example>',
        'References: <a@example.com> <b@agent.example>',
      ]),
    );
    expect(parsed).toMatchObject({
      messageId: '<c@example.com>',
      fromAddress: 'maria.chen@northwind-components.example',
      fromName: 'Maria Chen',
      to: ['agent@example.com'],
      subject: 'Re: PO',
      inReplyTo: '<b@agent.example>',
      references: ['<a@example.com>', '<b@agent.example>'],
      threadIds: ['<b@agent.example>', '<a@example.com>'],
      returnPath: 'bounces@example.com',
      automatic: false,
      text: 'Hello.\n',
    });
  });

  it('has no From address for a message with several, and flags automatic mail', async () => {
    const several = await parseEmail(message(['From: a@example.com, b@example.com', 'Subject: x']));
    expect(several.fromAddress).toBeUndefined();
    const auto = await parseEmail(
      message(['From: a@example.com', 'Auto-Submitted: auto-replied', 'Subject: Out of office']),
    );
    expect(auto.automatic).toBe(true);
    const bulk = await parseEmail(message(['From: a@example.com', 'Precedence: bulk']));
    expect(bulk.automatic).toBe(true);
    const human = await parseEmail(message(['From: a@example.com', 'Auto-Submitted: no']));
    expect(human.automatic).toBe(false);
  });
});
