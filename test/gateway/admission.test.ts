import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from './support/event-stream-reader.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';

let rig: GatewayRig;

beforeAll(async () => {
  rig = await startGatewayRig({
    limits: { maxRunning: 4, maxRunningPerTenant: 2, maxQueued: 8, maxQueuedPerTenant: 2 },
    poolSize: 3,
  });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

function stream(body: unknown, token: string) {
  return openEventStream(`${rig.url}/v1/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
  });
}

describe('admission under a flood from one tenant', () => {
  it('runs 2, queues 2, refuses the rest with 429 and Retry-After, and still serves another tenant', async () => {
    const modelDelayMs = 2500;
    rig.useModel(scripted(Array.from({ length: 20 }, () => ({ text: 'Done.', delayMs: modelDelayMs }))));
    const maria = await rig.token('northwind', 'maria.chen');
    const sam = await rig.token('bluepeak', 'sam.rivera');

    const flood = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        stream({ message: `flood ${index}`, skill: 'order-status' }, maria),
      ),
    );
    const admitted = flood.filter((reader) => reader.status === 201);
    const refused = flood.filter((reader) => reader.status === 429);
    expect(admitted).toHaveLength(4);
    expect(refused).toHaveLength(4);
    for (const reader of refused) {
      expect(reader.body.error.code).toBe('rate_limited');
      expect(Number(reader.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const states = await Promise.all(
      admitted.map(async (reader) => (await reader.waitFor((event) => event.event === 'session')).data.state),
    );
    expect(states.sort()).toEqual(['queued', 'queued', 'running', 'running']);
    expect(rig.sessions.stats()).toMatchObject({
      runningByTenant: { northwind: 2 },
      queuedByTenant: { northwind: 2 },
    });

    // Another tenant is admitted at once and answered while northwind's flood is still going.
    const started = Date.now();
    const other = await stream({ message: 'Me too', skill: 'order-status' }, sam);
    expect(other.status).toBe(201);
    expect((await other.waitFor((event) => event.event === 'session')).data.state).toBe('running');
    await other.ended;
    expect(other.events.at(-1)?.data).toMatchObject({ status: 'completed', reply: 'Done.' });
    expect(Date.now() - started).toBeLessThan(2 * modelDelayMs);
    const unfinished = admitted.filter(
      (reader) => !reader.events.some((event) => event.event === 'turn-end'),
    );
    expect(unfinished.length).toBeGreaterThanOrEqual(2);

    const metrics = await rig.request('GET', '/metrics');
    expect(metrics.text).toMatch(/^supplier_agent_tenant_sessions_running\{tenant="northwind"\} [12]$/m);
    expect(metrics.text).toMatch(/^supplier_agent_turns_refused_total\{reason="busy"\} 4$/m);

    // Every admitted turn of the flood ends, the queued ones after the running ones.
    await Promise.all(admitted.map((reader) => reader.ended));
    for (const reader of admitted) {
      expect(reader.events.at(-1)?.data).toMatchObject({ status: 'completed', reply: 'Done.' });
    }
    expect(rig.sessions.stats()).toMatchObject({ running: 0, queued: 0 });
  }, 60_000);
});
