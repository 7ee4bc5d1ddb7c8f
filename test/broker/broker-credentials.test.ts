import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential, CredentialProvider } from '../../src/broker/credentials.ts';
import { createCspCredentialProvider } from '../../src/broker/csp-credentials.ts';
import { createManualClock } from '../../src/clock/clock.ts';
import { defaultConfig } from '../../src/config/index.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { cellRequest, startBroker } from './broker-kit.ts';

let api: CspApiHarness;
beforeAll(async () => {
  api = await startCspApi();
});
afterAll(async () => {
  await api?.close();
});

/** The real provider for northwind, counting its token requests. */
function countedProvider(clock: ReturnType<typeof createManualClock>) {
  const tokenRequests: string[] = [];
  const provider = createCspCredentialProvider({
    apiUrl: api.url,
    ...api.credentials('northwind'),
    clock,
    fetch: (input, init) => {
      tokenRequests.push(String(input));
      return fetch(input, init);
    },
  });
  return { provider, tokenRequests };
}

/** Hands out a token the API refuses until told it was refused; then the real one. */
function revokedFirst(real: CredentialProvider): CredentialProvider & { invalidations: number } {
  const revoked: Credential = { value: 'revoked.token.value', id: 'credential:csp-token:deadbeef' };
  let useReal = false;
  const provider = {
    invalidations: 0,
    token: (signal?: AbortSignal) => (useReal ? real.token(signal) : Promise.resolve(revoked)),
    invalidate(refused?: Credential) {
      provider.invalidations += 1;
      if (refused?.value === revoked.value) useReal = true;
      real.invalidate(refused);
    },
  };
  return provider;
}

describe('broker credentials', () => {
  it('fetches one token for many requests, and a new one once the clock passes its expiry', async () => {
    const clock = createManualClock(new Date());
    const { provider, tokenRequests } = countedProvider(clock);
    const kit = await startBroker({ api, credentials: provider, clock });
    try {
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' }),
        ),
      );
      for (let index = 0; index < 5; index += 1) {
        replies.push(await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' }));
      }
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      expect(tokenRequests).toHaveLength(1);

      clock.advance(defaultConfig.cspApi.tokenTtlSeconds * 1000);
      expect((await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' })).status).toBe(200);
      expect(tokenRequests).toHaveLength(2);
    } finally {
      await kit.close();
    }
  });

  it('refreshes the credential after a 401 and sends the request once more', async () => {
    const clock = createManualClock(new Date());
    const credentials = revokedFirst(countedProvider(clock).provider);
    const kit = await startBroker({ api, credentials, clock });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' });
      expect(reply.status).toBe(200);
      expect(credentials.invalidations).toBe(1);
      const response = kit.events().at(-1)!;
      expect(response.payload).toMatchObject({ status: 200, credentialRefreshed: true });
      expect(
        (response.payload.request as { headers: Record<string, string> }).headers.authorization,
      ).not.toBe('credential:csp-token:deadbeef');
    } finally {
      await kit.close();
    }
  });

  it('passes a second 401 through instead of retrying for ever', async () => {
    const always: CredentialProvider & { invalidations: number } = {
      invalidations: 0,
      token: async () => ({ value: 'revoked.token.value', id: 'credential:csp-token:deadbeef' }),
      invalidate() {
        always.invalidations += 1;
      },
    };
    const kit = await startBroker({ api, credentials: always });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' });
      expect(reply.status).toBe(401);
      expect(always.invalidations).toBe(1);
      expect(kit.events().at(-1)!.payload).toMatchObject({ status: 401, credentialRefreshed: true });
    } finally {
      await kit.close();
    }
  });

  it('answers 502 credential_unavailable when the client credentials are refused', async () => {
    const kit = await startBroker({
      api,
      credentials: createCspCredentialProvider({
        apiUrl: api.url,
        clientId: api.credentials('northwind').clientId,
        clientSecret: 'not-the-secret',
        clock: createManualClock(new Date()),
      }),
    });
    try {
      const reply = await cellRequest(kit.socketPath, { path: '/api/purchase_orders?limit=1' });
      expect(reply.status).toBe(502);
      expect(reply.body.code).toBe('credential_unavailable');
      expect(reply.text).not.toContain('not-the-secret');
    } finally {
      await kit.close();
    }
  });
});
