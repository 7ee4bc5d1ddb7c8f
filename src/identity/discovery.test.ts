import { describe, expect, it } from 'vitest';
import { devIssuerDiscovery, discoveryUrlOf } from './discovery.ts';

describe('discovery', () => {
  it('places the discovery document under the issuer', () => {
    expect(discoveryUrlOf('https://idp.example/realms/x/')).toBe(
      'https://idp.example/realms/x/.well-known/openid-configuration',
    );
  });

  it("describes the development issuer with its JWKS under the server's base URL", () => {
    expect(devIssuerDiscovery({ issuer: 'supplier-agent-dev', baseUrl: 'http://127.0.0.1:8080/' })).toEqual({
      issuer: 'supplier-agent-dev',
      jwks_uri: 'http://127.0.0.1:8080/.well-known/jwks.json',
      response_types_supported: [],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });
});
