import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineModel } from '../../src/models/offline/offline-model.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { type AgentRig, startAgentRig } from '../agent/agent-rig.ts';
import { agentAddress, type EmailRig, startEmailRig, typesOf } from './support/email-rig.ts';

/** An e-mail session is a session like any other: its record replays like a web one. */
let mail: EmailRig;
let agent: AgentRig;
beforeAll(async () => {
  [mail, agent] = await Promise.all([startEmailRig(), startAgentRig({ poolSize: 1 })]);
  mail.useModel(createOfflineModel());
}, 60_000);
afterAll(async () => {
  await Promise.all([mail?.close(), agent?.close()]);
});

describe('an e-mail session', () => {
  it('shows as a timeline and re-runs with no divergence, over two messages of one thread', async () => {
    const maria = 'Maria Chen <maria.chen@northwind-components.example>';
    const first = '<rerun-1@northwind-components.example>';
    await mail.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'PO status',
        text: "What's the status of NWC-PO-11001?",
        messageId: first,
      },
      mail.domains.northwind,
    );
    const [reply] = await mail.waitForOutbox(1);
    await mail.send(
      {
        from: maria,
        to: agentAddress,
        subject: 'Re: PO status',
        text: 'And the status of NWC-PO-11002?\n\nOn Monday the agent wrote:\n> earlier text',
        messageId: '<rerun-2@northwind-components.example>',
        inReplyTo: reply?.mail.messageId ?? '',
        references: [first, reply?.mail.messageId ?? ''],
      },
      mail.domains.northwind,
    );
    await mail.waitForOutbox(2);
    await mail.platform.email.channel.idle();
    const sessionId = mail.sessionOf(first) as string;
    const events = await mail.events(sessionId);
    expect(typesOf(events).filter((type) => type === 'user-message')).toHaveLength(2);
    expect(typesOf(events).filter((type) => type.startsWith('email-'))).toEqual([
      'email-received',
      'email-sent',
      'email-received',
      'email-sent',
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.turns.map((turn) => [turn.entries[0]?.kind, turn.entries[1]?.kind, turn.status])).toEqual(
      [
        ['channel', 'ask', 'completed'],
        ['channel', 'ask', 'completed'],
      ],
    );
    expect(timeline.turns[1]?.message).toBe('And the status of NWC-PO-11002?');
    const report = await agent.rerun(events);
    expect(report.divergence?.message, JSON.stringify(report.divergence)).toBeUndefined();
    expect(report).toMatchObject({ ok: true, turns: 2 });
  }, 90_000);
});
