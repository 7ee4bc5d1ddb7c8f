import type { Clock } from '../clock/clock.ts';
import type { IdentitySettings } from '../config/identity-config.ts';
import { createDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { KeySource } from './key-source.ts';
import type { TokenVerifier } from './tenant-context.ts';

export interface IdentityOptions {
  /** The data dir of the development issuer's keys. */
  dataDir: string;
  /** Whether a tenant id names a tenant of this platform. */
  knownTenant(tenantId: string): boolean | Promise<boolean>;
  clock?: Clock;
  fetch?: typeof fetch;
}

export interface Identity {
  verifier: TokenVerifier;
  /** The development issuer when the settings trust it (no external provider configured). */
  devIssuer: DevIssuer | undefined;
}

/** Wires the verifier the settings describe, with the development issuer when it is the one trusted. */
export function createIdentity(settings: IdentitySettings, options: IdentityOptions): Identity {
  const devIssuer =
    settings.keys.kind === 'dev-issuer'
      ? createDevIssuer({
          dataDir: options.dataDir,
          issuer: settings.issuer,
          audience: settings.audience,
          claims: settings.claims,
          operatorScope: settings.operatorScope,
          ...(options.clock ? { clock: options.clock } : {}),
        })
      : undefined;
  const keys = keySourceOf(settings, devIssuer);
  const verifier = createJwtVerifier({
    issuer: settings.issuer,
    audience: settings.audience,
    audienceClaim: settings.audienceClaim,
    keys,
    knownTenant: options.knownTenant,
    algorithms: settings.algorithms,
    clockToleranceSeconds: settings.clockToleranceSeconds,
    claims: settings.claims,
    operatorScope: settings.operatorScope,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { verifier, devIssuer };
}

function keySourceOf(settings: IdentitySettings, devIssuer: DevIssuer | undefined): KeySource {
  if (devIssuer) return { kind: 'local', jwks: () => devIssuer.jwks() };
  switch (settings.keys.kind) {
    case 'jwks-url':
      return { kind: 'jwks-url', url: settings.keys.url };
    case 'discovery':
      return { kind: 'discovery', url: settings.keys.url };
    case 'dev-issuer':
      throw new Error('unreachable: the dev issuer is created for these settings');
  }
}
