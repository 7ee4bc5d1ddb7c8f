import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCspCredentialProvider } from '../../src/broker/csp-credentials.ts';
import { createManualClock } from '../../src/clock/clock.ts';
import { defaultConfig } from '../../src/config/index.ts';
import { isAppError } from '../../src/errors/index.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let api: CspApiHarness;
beforeAll(async () => {
  api = await startCspApi();
});
afterAll(async () => {
  await api.close();
});

/** The global fetch, counting the token requests that went through it. */
function countingFetch() {
  const calls: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    calls.push(String(input));
    return fetch(input, init);
  };
  return { calls, fetch: wrapped };
}

function provider(options: {
  secret?: string;
  fetch?: typeof fetch;
  clock?: ReturnType<typeof createManualClock>;
}) {
  const credentials = api.credentials('northwind');
  return createCspCredentialProvider({
    apiUrl: api.url,
    clientId: credentials.clientId,
    clientSecret: options.secret ?? credentials.clientSecret,
    clock: options.clock ?? createManualClock(new Date()),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

describe('CSP client-credentials provider', () => {
  it('fetches a token the CSP API accepts, with an id that does not reveal it', async () => {
    const token = await provider({}).token();
    const digest = createHash('sha256').update(token.value).digest('hex');
    expect(token.id).toBe(`credential:csp-token:${digest.slice(0, 8)}`);
    const reply = await api.request('GET', '/api/purchase_orders?limit=1', { token: token.value });
    expect(reply.status).toBe(200);
  });

  it('shares one token request among concurrent callers and caches it for later ones', async () => {
    const counter = countingFetch();
    const credentials = provider({ fetch: counter.fetch });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => credentials.token()));
    for (let index = 0; index < 10; index += 1) tokens.push(await credentials.token());
    expect(counter.calls).toEqual([`${api.url}/oauth2/token`]);
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
  });

  it('refetches once the clock passes expires_in minus 60 seconds, not before', async () => {
    const clock = createManualClock(new Date());
    const counter = countingFetch();
    const credentials = provider({ fetch: counter.fetch, clock });
    await credentials.token();
    const lifetimeMs = defaultConfig.cspApi.tokenTtlSeconds * 1000;
    clock.advance(lifetimeMs - 61_000);
    await credentials.token();
    expect(counter.calls).toHaveLength(1);
    clock.advance(2_000);
    await credentials.token();
    expect(counter.calls).toHaveLength(2);
  });

  it('invalidate() forces a refetch, but a stale 401 does not drop a newer token', async () => {
    const counter = countingFetch();
    const credentials = provider({ fetch: counter.fetch });
    const first = await credentials.token();
    credentials.invalidate(first);
    const second = await credentials.token();
    expect(counter.calls).toHaveLength(2);
    // A second request that got a 401 with the first token reports it late: the new one is kept.
    credentials.invalidate({ ...first, value: `${first.value}-old` });
    expect(await credentials.token()).toEqual(second);
    expect(counter.calls).toHaveLength(2);
  });

  it('refuses wrong client credentials with an error that does not repeat the secret', async () => {
    const secret = 'wrong-secret-value-123';
    const error = await provider({ secret })
      .token()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(isAppError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/invalid_client/);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect((error as Error).message).not.toContain(secret);
  });

  it('one caller giving up does not cancel the request the others share', async () => {
    const counter = countingFetch();
    const credentials = provider({ fetch: counter.fetch });
    const controller = new AbortController();
    const abandoned = credentials.token(controller.signal);
    const kept = credentials.token();
    controller.abort(new Error('caller gave up'));
    await expect(abandoned).rejects.toThrow('caller gave up');
    expect((await kept).value).not.toBe('');
    expect(counter.calls).toHaveLength(1);
  });
});
