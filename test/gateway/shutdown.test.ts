import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream } from './support/event-stream-reader.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';
import { waitUntil } from './support/wait-until.ts';

let rig: GatewayRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function slowStream(current: GatewayRig) {
  const token = await current.token('northwind', 'maria.chen');
  current.useModel(
    scripted([
      { text: 'never said', delayMs: 60_000 },
      { text: 'nor this', delayMs: 60_000 },
    ]),
  );
  const reader = await openEventStream(`${current.url}/v1/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify({ message: 'Take your time', skill: 'order-status' }),
  });
  const sessionId: string = (await reader.waitFor((event) => event.event === 'session')).data.sessionId;
  await waitUntil(() => current.agent.events(sessionId).some((event) => event.type === 'model-request'), {
    what: 'the model call',
  });
  return { reader, sessionId };
}

describe('shutting down', () => {
  it('closing the sessions first: every stream gets its turn-end, then the gateway closes at once', async () => {
    const current = await startGatewayRig();
    rig = current;
    const { reader, sessionId } = await slowStream(current);
    await current.sessions.close('the platform is stopping');
    await reader.ended;
    expect(reader.events.at(-1)).toMatchObject({
      event: 'turn-end',
      data: { status: 'interrupted', reason: 'the platform is stopping' },
    });
    expect(current.agent.events(sessionId).at(-1)?.type).toBe('turn-end');
    const started = Date.now();
    await current.gateway.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(fetch(`${current.url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('closing the gateway first: streams end, waiting requests are dropped after the grace, turns go on', async () => {
    const current = await startGatewayRig({ gateway: { closeGraceMs: 300 } });
    rig = current;
    const { reader, sessionId } = await slowStream(current);
    const sam = await current.token('bluepeak', 'sam.rivera');
    const waiting = fetch(`${current.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sam}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'And me?', skill: 'order-status' }),
    });
    await waitUntil(() => current.sessions.stats().running === 2, { what: 'the waiting turn' });
    const started = Date.now();
    await current.gateway.close();
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(waiting).rejects.toThrow();
    await reader.ended;
    expect(reader.events.map((event) => event.event)).not.toContain('turn-end');
    // The turn was not the gateway's to stop: it ends, recorded, when the sessions close.
    expect(current.sessions.stats().running).toBe(2);
    await current.sessions.close('the platform is stopping');
    expect(current.agent.events(sessionId).at(-1)).toMatchObject({
      type: 'turn-end',
      payload: { status: 'interrupted' },
    });
  }, 60_000);
});
