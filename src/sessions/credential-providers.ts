import type { CredentialProvider } from '../broker/credentials.ts';
import { createCspCredentialProvider } from '../broker/csp-credentials.ts';
import type { Clock } from '../clock/clock.ts';

export interface CredentialProvidersOptions {
  /** Base URL of the CSP API (its `/oauth2/token`). */
  apiUrl: string;
  /** A tenant's API client, read on the host; throws for an unknown tenant. */
  secrets(tenantId: string): { clientId: string; clientSecret: string };
  clock: Clock;
}

/**
 * One downstream credential provider per tenant, made on first use and kept, so every broker of a
 * tenant shares its cached token: what `TurnRuntime.credentials` wants.
 */
export function createCredentialProviders(
  options: CredentialProvidersOptions,
): (tenantId: string) => CredentialProvider {
  const providers = new Map<string, CredentialProvider>();
  return (tenantId) => {
    let provider = providers.get(tenantId);
    if (!provider) {
      const { clientId, clientSecret } = options.secrets(tenantId);
      provider = createCspCredentialProvider({
        apiUrl: options.apiUrl,
        clientId,
        clientSecret,
        clock: options.clock,
      });
      providers.set(tenantId, provider);
    }
    return provider;
  };
}
