import { describe, expect, it } from 'vitest';
import { resolveIdentitySettings } from './identity-config.ts';

describe('resolveIdentitySettings', () => {
  it('defaults to the development issuer with the default claim names', () => {
    expect(resolveIdentitySettings({})).toEqual({
      issuer: 'supplier-agent-dev',
      audience: 'supplier-agent',
      audienceClaim: 'aud',
      keys: { kind: 'dev-issuer' },
      algorithms: ['ES256', 'RS256'],
      clockToleranceSeconds: 30,
      claims: { tenant: 'tenant', user: 'sub', scope: 'scope', customers: 'customers' },
      operatorScope: 'supplier-agent.operator',
    });
  });

  it('trusts an external issuer through discovery, or a JWKS URL when given', () => {
    const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/';
    expect(resolveIdentitySettings({ SUPPLIER_AGENT_OIDC_ISSUER: issuer }).keys).toEqual({
      kind: 'discovery',
      url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/openid-configuration',
    });
    const settings = resolveIdentitySettings({
      SUPPLIER_AGENT_OIDC_ISSUER: issuer,
      SUPPLIER_AGENT_OIDC_AUDIENCE: '3n4b5c',
      SUPPLIER_AGENT_OIDC_AUDIENCE_CLAIM: 'client_id',
      SUPPLIER_AGENT_OIDC_JWKS_URL:
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json',
      SUPPLIER_AGENT_OIDC_TENANT_CLAIM: 'custom:tenant',
      SUPPLIER_AGENT_OIDC_USER_CLAIM: 'username',
      SUPPLIER_AGENT_OIDC_SCOPE_CLAIM: 'scp',
      SUPPLIER_AGENT_OIDC_CUSTOMERS_CLAIM: 'custom:customers',
      SUPPLIER_AGENT_OIDC_OPERATOR_SCOPE: 'supplier-agent/operator',
      SUPPLIER_AGENT_OIDC_ALGORITHMS: 'RS256, PS256',
      SUPPLIER_AGENT_OIDC_CLOCK_TOLERANCE: '5',
    });
    expect(settings).toEqual({
      issuer,
      audience: '3n4b5c',
      audienceClaim: 'client_id',
      keys: {
        kind: 'jwks-url',
        url: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json',
      },
      algorithms: ['RS256', 'PS256'],
      clockToleranceSeconds: 5,
      claims: { tenant: 'custom:tenant', user: 'username', scope: 'scp', customers: 'custom:customers' },
      operatorScope: 'supplier-agent/operator',
    });
    expect(
      resolveIdentitySettings({
        SUPPLIER_AGENT_OIDC_ISSUER: 'supplier-agent-dev',
        SUPPLIER_AGENT_OIDC_DISCOVERY_URL: 'http://127.0.0.1:8080/.well-known/openid-configuration',
      }).keys,
    ).toEqual({ kind: 'discovery', url: 'http://127.0.0.1:8080/.well-known/openid-configuration' });
  });

  it('refuses the development issuer in production mode', () => {
    expect(() => resolveIdentitySettings({}, { production: true })).toThrowError(
      /SUPPLIER_AGENT_OIDC_ISSUER/,
    );
    const issuer = 'https://idp.example';
    expect(resolveIdentitySettings({ SUPPLIER_AGENT_OIDC_ISSUER: issuer }, { production: true }).issuer).toBe(
      issuer,
    );
  });

  it.each([
    [{ SUPPLIER_AGENT_OIDC_JWKS_URL: 'https://idp.example/jwks' }, /need SUPPLIER_AGENT_OIDC_ISSUER/],
    [{ SUPPLIER_AGENT_OIDC_ISSUER: 'my-issuer' }, /not a URL/],
    [
      { SUPPLIER_AGENT_OIDC_ISSUER: 'https://idp.example', SUPPLIER_AGENT_OIDC_JWKS_URL: 'ftp://x/y' },
      /http\(s\)/,
    ],
    [{ SUPPLIER_AGENT_OIDC_ALGORITHMS: 'RS256,HS256' }, /SUPPLIER_AGENT_OIDC_ALGORITHMS/],
    [{ SUPPLIER_AGENT_OIDC_ALGORITHMS: 'none' }, /SUPPLIER_AGENT_OIDC_ALGORITHMS/],
    [{ SUPPLIER_AGENT_OIDC_CLOCK_TOLERANCE: '-1' }, /CLOCK_TOLERANCE/],
    [{ SUPPLIER_AGENT_OIDC_TENANT_CLAIM: 'two words' }, /TENANT_CLAIM/],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => resolveIdentitySettings(env)).toThrowError(message);
    expect(() => resolveIdentitySettings(env)).toThrowError(
      expect.objectContaining({ code: 'invalid_argument' }) as Error,
    );
  });
});
